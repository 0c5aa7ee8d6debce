package tokens

import (
	"testing"
	"unicode"
	"unicode/utf8"

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

// TestASCIIWordFlags compares the ASCII path of setWord with the Unicode
// one on words of every shape.
func TestASCIIWordFlags(t *testing.T) {
	for _, w := range []string{"a", "A", "Ab", "AB", "ABc", "aB", "3", "30", "3D", "30-day", "U.S.", "NATO", "McDonald", "x2", "2x", "X-RAY", "I", "won't", "a1B2", "plain", "O'Neil"} {
		j, st := scanWord(w, 0)
		if j != len(w) {
			t.Fatalf("%q: scanned %d bytes", w, j)
		}
		if !st.ascii {
			t.Fatalf("%q: not seen as ASCII", w)
		}
		var fast, slow layer.Token
		setWord(&fast, w, 0, j, st)
		st.ascii = false
		setWord(&slow, w, 0, j, st)
		if fast != slow {
			t.Errorf("%q: ASCII path %+v, Unicode path %+v", w, fast, slow)
		}
	}
}
