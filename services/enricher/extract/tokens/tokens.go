// Package tokens is the first extraction pass: it splits the body into
// words, numbers, possessive endings and punctuation, with byte offsets on
// rune boundaries.
package tokens

import (
	"context"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/tidings-news/tidings/services/enricher/extract/fold"
	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
)

// Run is the tokens pass: it writes the token layer, each token with the
// class of word lists its folded form is in.
func Run(_ context.Context, d *layer.Doc, lx *lexicon.Lexicon) error {
	d.Toks = AppendTokens(d.Toks[:0], d.Body)
	for i := range d.Toks {
		if k := d.Toks[i].Key; k != "" {
			d.Toks[i].Class = lx.ClassOf(k)
		}
	}
	return nil
}

func isApos(r rune) bool { return r == '\'' || r == '\u2019' }

// ASCII character classes, so that the common case needs no Unicode tables.
const (
	aSpace  = 1 << iota // unicode.IsSpace
	aWord               // IsWordRune
	aUpper              // unicode.IsUpper
	aDigit              // unicode.IsDigit
	aLetter             // unicode.IsLetter
)

var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for c := range t {
		switch r := rune(c); {
		case unicode.IsSpace(r):
			t[c] = aSpace
		case unicode.IsUpper(r):
			t[c] = aWord | aUpper | aLetter
		case unicode.IsLetter(r):
			t[c] = aWord | aLetter
		case unicode.IsDigit(r):
			t[c] = aWord | aDigit
		}
	}
	return t
}()

// decode is utf8.DecodeRuneInString(s[i:]) with the ASCII case inline.
func decode(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiClass[r]&aSpace != 0
	}
	return unicode.IsSpace(r)
}

// IsWordRune reports a letter, digit or combining mark.
func IsWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiClass[r]&aWord != 0
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// Tokenize splits body into tokens. Offsets are byte offsets on rune
// boundaries; every token is outside quotes (Quote -1) until the
// quotation-marks pass says otherwise.
func Tokenize(body string) []layer.Token {
	return AppendTokens(make([]layer.Token, 0, len(body)/5), body)
}

// AppendTokens appends the tokens of body to toks (see Tokenize).
func AppendTokens(toks []layer.Token, body string) []layer.Token {
	toks = slices.Grow(toks, len(body)/5)
	first, lowerBytes := len(toks), 0 // the bytes of the keys setWord left to foldKeys
	i := 0
	for i < len(body) {
		r, n := decode(body, i)
		switch {
		case isSpace(r):
			i += n
		case IsWordRune(r):
			j, st := scanWord(body, i)
			if len(toks) < cap(toks) {
				toks = toks[:len(toks)+1] // setWord writes the whole token
			} else {
				toks = append(toks, layer.Token{})
			}
			if setWord(&toks[len(toks)-1], body, i, j, st) {
				lowerBytes += j - i
			}
			i = j
			if i < len(body) && body[i] == ' ' {
				i++ // the space after most words, as the loop would skip it
				continue
			}
			// a possessive right after the word
			if i < len(body) {
				r2, n2 := decode(body, i)
				if isApos(r2) && i+n2 < len(body) && (body[i+n2] == 's' || body[i+n2] == 'S') && !nextIsWord(body, i+n2+1) {
					toks = append(toks, layer.Token{Start: i, End: i + n2 + 1, Text: body[i : i+n2+1], Key: "s", Kind: layer.Poss, Quote: -1})
					i += n2 + 1
				}
			}
		default:
			toks = append(toks, layer.Token{Start: i, End: i + n, Text: body[i : i+n], Kind: layer.Punct, Quote: -1})
			i += n
		}
	}
	if lowerBytes > 0 {
		foldKeys(toks[first:], lowerBytes)
	}
	return toks
}

// foldKeys gives the words whose key setWord left empty (ASCII letters and
// digits: every other word has a key) their lower-case form, all of them
// slices of one string of n bytes rather than a string each.
func foldKeys(toks []layer.Token, n int) {
	b := make([]byte, 0, n)
	for k := range toks {
		if t := &toks[k]; keyLeft(t) {
			for i := 0; i < len(t.Text); i++ {
				c := t.Text[i]
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				b = append(b, c)
			}
		}
	}
	keys, at := string(b), 0
	for k := range toks {
		if t := &toks[k]; keyLeft(t) {
			t.Key, at = keys[at:at+len(t.Text)], at+len(t.Text)
		}
	}
}

// keyLeft reports a word whose key setWord left to foldKeys: an empty key
// on an ASCII word (a word of other characters may fold to nothing).
func keyLeft(t *layer.Token) bool {
	if t.Key != "" || t.Kind == layer.Punct {
		return false
	}
	for i := 0; i < len(t.Text); i++ {
		if t.Text[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func nextIsWord(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := decode(s, i)
	return IsWordRune(r)
}

// wordStats is what scanWord saw of a word's bytes.
type wordStats struct {
	upper, lower int  // ASCII letters of each case
	ascii        bool // every byte is ASCII
	plain        bool // ASCII lower-case letters and digits only: the word is its own key
	alnum        bool // letters and digits only (no hyphen, apostrophe or dot)
}

// scanWord returns the end of the word starting at i: letters and digits, with
// inner hyphens ("30-day"), inner apostrophes ("won’t", but not a possessive
// "’s") and dotted abbreviations ("U.S.", "D.C."), and what it saw of it.
func scanWord(s string, i int) (int, wordStats) {
	j := i
	letters := 0
	dotted := true // so far single letters separated by dots
	st := wordStats{ascii: true, plain: true, alnum: true}
	for j < len(s) {
		if c := s[j]; c < utf8.RuneSelf && asciiClass[c]&aWord != 0 {
			switch cls := asciiClass[c]; {
			case cls&aUpper != 0:
				st.upper++
				st.plain = false
			case cls&aLetter != 0:
				st.lower++
			}
			letters++
			j++
			continue
		}
		r, n := decode(s, j)
		if IsWordRune(r) { // not ASCII
			st.ascii, st.plain = false, false
			letters++
			j += n
			continue
		}
		if r == '-' || r == '\u2011' {
			if nextIsWord(s, j+n) && j > i {
				st.ascii, st.plain, st.alnum = st.ascii && n == 1, false, false
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
				st.ascii, st.plain, st.alnum = st.ascii && n == 1, false, false
				j += n
				dotted = false
				continue
			}
			break
		}
		if r == '.' && dotted && letters == 1 {
			// "U.S." / "J.D." / "D.C.": single letters separated by dots
			if nextIsWord(s, j+1) {
				r2, n2 := decode(s, j+1)
				if isLetter(r2) && !nextIsWord(s, j+1+n2) {
					st.plain, st.alnum = false, false
					j++
					letters = 0
					continue
				}
			} else if j > i+1 && s[j-2] == '.' {
				st.plain, st.alnum = false, false
				j++ // closing dot of "U.S."
			}
			break
		}
		break
	}
	return j, st
}

func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiClass[r]&aLetter != 0
	}
	return unicode.IsLetter(r)
}

// setWord makes t the word token [i, j) of body, scanned with stats st. The
// key of an ASCII word of letters and digits with capitals is left empty
// and reported (its lower-case form, which foldKeys gives it).
func setWord(t *layer.Token, body string, i, j int, st wordStats) (deferred bool) {
	*t = layer.Token{Start: i, End: j, Text: body[i:j], Quote: -1, Kind: layer.Word}
	if st.ascii {
		// What the Unicode path below gives, from the counts.
		switch {
		case st.plain:
			t.Key = t.Text
		case st.alnum:
			deferred = true // fold.Key(t.Text) is its lower-case form
		default:
			t.Key = fold.Key(t.Text)
		}
		first := asciiClass[t.Text[0]]
		t.Cap = first&aUpper != 0
		t.Upper = st.upper >= 2 && st.lower == 0
		if first&aDigit != 0 && st.upper+st.lower == 0 {
			t.Kind = layer.Num
		}
		return deferred
	}
	t.Key = fold.Key(t.Text)
	first, _ := utf8.DecodeRuneInString(t.Text)
	t.Cap = unicode.IsUpper(first)
	t.Upper = fold.IsUpperWord(t.Text)
	if unicode.IsDigit(first) {
		t.Kind = layer.Num
		for _, r := range t.Text {
			if unicode.IsLetter(r) {
				t.Kind = layer.Word
				break
			}
		}
	}
	return false
}
