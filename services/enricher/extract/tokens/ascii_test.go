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
		fast := make([]layer.Token, 1)
		if setWord(&fast[0], w, 0, j, st) {
			foldKeys(fast, len(w))
		}
		st.ascii = false
		var slow layer.Token
		setWord(&slow, w, 0, j, st)
		if fast[0] != slow {
			t.Errorf("%q: ASCII path %+v, Unicode path %+v", w, fast[0], slow)
		}
	}
}

// TestKeysAreFolded checks every token's key against fold.Key over a text
// mixing the shapes setWord keys itself and those foldKeys keys later.
func TestKeysAreFolded(t *testing.T) {
	text := "NATO's McDonald said 30-day U.S. talks in Zürich, \u00c9COLE and \u0301 x2 ended; " +
		"The ABc won't go O'Neil \u212Aelvin A3 b\u00e9B done."
	toks := Tokenize(text)
	lefts := 0
	for _, tk := range toks {
		want := fold.Key(tk.Text)
		switch tk.Kind {
		case layer.Punct:
			want = ""
		case layer.Poss:
			want = "s"
		}
		if tk.Key != want {
			t.Errorf("%q: key %q, want %q", tk.Text, tk.Key, want)
		}
		if tk.Kind == layer.Word && tk.Key != tk.Text && strings.ToLower(tk.Text) == tk.Key {
			lefts++
		}
	}
	if lefts < 5 {
		t.Errorf("only %d keys lower-cased: the text no longer tests foldKeys", lefts)
	}
}
