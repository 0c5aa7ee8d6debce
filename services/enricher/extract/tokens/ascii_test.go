package tokens

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/tidings-news/tidings/services/enricher/extract/fold"
	"github.com/tidings-news/tidings/services/enricher/extract/layer"
)

// TestASCIIClasses checks the ASCII table against the Unicode functions it
// stands for, so that the fast paths tokenise exactly as the slow ones.
func TestASCIIClasses(t *testing.T) {
	for c := range rune(utf8.RuneSelf) {
		word := unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.Is(unicode.Mn, c)
		for _, k := range []struct {
			name string
			got  bool
			want bool
		}{
			{"space", isSpace(c), unicode.IsSpace(c)},
			{"word", IsWordRune(c), word},
			{"letter", isLetter(c), unicode.IsLetter(c)},
			{"upper", asciiClass[c]&aUpper != 0, unicode.IsUpper(c)},
			{"digit", asciiClass[c]&aDigit != 0, unicode.IsDigit(c)},
		} {
			if k.got != k.want {
				t.Errorf("%q %s: %v, unicode says %v", c, k.name, k.got, k.want)
			}
		}
	}
}

// TestASCIIWordFlags compares the ASCII path of newWordToken with the
// Unicode one on words of every shape.
func TestASCIIWordFlags(t *testing.T) {
	for _, w := range []string{"a", "A", "Ab", "AB", "ABc", "aB", "3", "30", "3D", "30-day", "U.S", "NATO", "McDonald", "x2", "2x", "X-RAY", "I", "won't", "a1B2"} {
		tk := newWordToken(w, 0, len(w))
		first, _ := utf8.DecodeRuneInString(w)
		wantKind := layer.Word
		if unicode.IsDigit(first) && !strings.ContainsFunc(w, unicode.IsLetter) {
			wantKind = layer.Num
		}
		if tk.Cap != unicode.IsUpper(first) || tk.Upper != fold.IsUpperWord(w) || tk.Kind != wantKind {
			t.Errorf("%q: cap %v upper %v kind %v; want %v %v %v", w, tk.Cap, tk.Upper, tk.Kind, unicode.IsUpper(first), fold.IsUpperWord(w), wantKind)
		}
	}
}
