package extract

import (
	"unicode"
	"unicode/utf8"
)

type tokKind uint8

const (
	tWord  tokKind = iota // a word, possibly hyphenated or an abbreviation ("U.S.")
	tNum                  // a number
	tPoss                 // a possessive ending ("'s", "’s")
	tPunct                // any other single character
)

// token is one word or punctuation mark of the body.
type token struct {
	Start, End int
	Text       string
	Key        string // foldKey of Text ("" for punctuation)
	Kind       tokKind
	Cap        bool // first letter upper-case
	Upper      bool // at least two letters, all upper-case
	Sent       int  // sentence index
	Quote      int  // index of the quote region holding the token, -1 outside quotes
	Initial    bool // opens a sentence, a quote or follows a colon
}

func isApos(r rune) bool { return r == '\'' || r == '\u2019' }

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// tokenize splits body into tokens. Offsets are byte offsets on rune boundaries.
func tokenize(body string) []token {
	toks := make([]token, 0, len(body)/5)
	i := 0
	for i < len(body) {
		r, n := utf8.DecodeRuneInString(body[i:])
		switch {
		case unicode.IsSpace(r):
			i += n
		case isWordRune(r):
			j := scanWord(body, i)
			toks = append(toks, newWordToken(body, i, j))
			i = j
			// a possessive right after the word
			if i < len(body) {
				r2, n2 := utf8.DecodeRuneInString(body[i:])
				if isApos(r2) && i+n2 < len(body) && (body[i+n2] == 's' || body[i+n2] == 'S') && !nextIsWord(body, i+n2+1) {
					toks = append(toks, token{Start: i, End: i + n2 + 1, Text: body[i : i+n2+1], Key: "s", Kind: tPoss, Quote: -1})
					i += n2 + 1
				}
			}
		default:
			toks = append(toks, token{Start: i, End: i + n, Text: body[i : i+n], Kind: tPunct, Quote: -1})
			i += n
		}
	}
	return toks
}

func nextIsWord(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isWordRune(r)
}

// scanWord returns the end of the word starting at i: letters and digits, with
// inner hyphens ("30-day"), inner apostrophes ("won’t", but not a possessive
// "’s") and dotted abbreviations ("U.S.", "D.C.").
func scanWord(s string, i int) int {
	j := i
	letters := 0
	dotted := true // so far single letters separated by dots
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		if isWordRune(r) {
			letters++
			j += n
			continue
		}
		if r == '-' || r == '\u2011' {
			if nextIsWord(s, j+n) && j > i {
				j += n
				dotted = false
				continue
			}
			break
		}
		if isApos(r) {
			// possessive: leave it to the caller
			if j+n < len(s) && (s[j+n] == 's' || s[j+n] == 'S') && !nextIsWord(s, j+n+1) {
				break
			}
			if nextIsWord(s, j+n) {
				j += n
				dotted = false
				continue
			}
			break
		}
		if r == '.' && dotted && letters == 1 {
			// "U.S." / "J.D." / "D.C.": single letters separated by dots
			if nextIsWord(s, j+1) {
				r2, n2 := utf8.DecodeRuneInString(s[j+1:])
				if unicode.IsLetter(r2) && !nextIsWord(s, j+1+n2) {
					j++
					letters = 0
					continue
				}
			} else if j > i+1 && s[j-2] == '.' {
				j++ // closing dot of "U.S."
			}
			break
		}
		break
	}
	return j
}

func newWordToken(body string, i, j int) token {
	t := token{Start: i, End: j, Text: body[i:j], Quote: -1}
	t.Key = foldKey(t.Text)
	first, _ := utf8.DecodeRuneInString(t.Text)
	t.Cap = unicode.IsUpper(first)
	t.Upper = isUpperWord(t.Text)
	t.Kind = tWord
	if unicode.IsDigit(first) {
		t.Kind = tNum
		for _, r := range t.Text {
			if unicode.IsLetter(r) {
				t.Kind = tWord
				break
			}
		}
	}
	return t
}
