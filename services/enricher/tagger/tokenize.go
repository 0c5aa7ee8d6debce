package tagger

import (
	"unicode"
	"unicode/utf8"
)

// Token is one word or punctuation mark with its byte offsets in the text it
// came from. Only Text is read by the tagger; Start and End are carried for
// the caller.
type Token struct {
	Start, End int
	Text       string
}

func isApos(r rune) bool { return r == '\'' || r == '\u2019' }

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// Tokenize splits text into words and punctuation the way the enricher does:
// letters and digits with inner hyphens and apostrophes ("30-day", "won't")
// and dotted abbreviations ("U.S.") are one word, a possessive ("'s") is its
// own token, and every other non-space character is a token. Offsets are byte
// offsets, on rune boundaries when text is valid UTF-8 (an invalid byte is a
// token of its own); base is added to each.
func Tokenize(text string, base int) []Token {
	toks := make([]Token, 0, len(text)/5+1)
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			i += n
		case isWordRune(r):
			j := scanWord(text, i)
			toks = append(toks, Token{Start: base + i, End: base + j, Text: text[i:j]})
			i = j
			if i < len(text) {
				r2, n2 := utf8.DecodeRuneInString(text[i:])
				if isApos(r2) && i+n2 < len(text) && (text[i+n2] == 's' || text[i+n2] == 'S') && !nextIsWord(text, i+n2+1) {
					toks = append(toks, Token{Start: base + i, End: base + i + n2 + 1, Text: text[i : i+n2+1]})
					i += n2 + 1
				}
			}
		default:
			toks = append(toks, Token{Start: base + i, End: base + i + n, Text: text[i : i+n]})
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

// scanWord returns the end of the word that starts at i (the enricher's
// rule, kept identical so that both agree on token boundaries).
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
		if (r == '-' || r == '\u2011') && nextIsWord(s, j+n) && j > i {
			j += n
			dotted = false
			continue
		}
		if isApos(r) && !(j+n < len(s) && (s[j+n] == 's' || s[j+n] == 'S') && !nextIsWord(s, j+n+1)) && nextIsWord(s, j+n) {
			j += n
			dotted = false
			continue
		}
		if r == '.' && dotted && letters == 1 {
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
		}
		break
	}
	return j
}
