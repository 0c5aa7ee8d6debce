package fold

import (
	"strings"
	"testing"
)

func TestFoldAndKey(t *testing.T) {
	for in, want := range map[string]string{"Sébastien": "sebastien", "Kyiv\u2019s": "kyiv's", "A\u2013B": "a-b", "ÉCOLE": "ecole"} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"U.S.": "u s", "Kyiv\u2019s": "kyivs", "  Ivo   Marsh ": "ivo marsh", "abc": "abc", "ABC9": "abc9", "Łódź": "łodz"} {
		if got := Key(in); got != want {
			t.Errorf("Key(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Slug("Sébastien Moreau"); got != "sebastien-moreau" {
		t.Errorf("Slug: %q", got)
	}
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b        string
		limit, want int
	}{{"moreau", "moreaux", 2, 1}, {"kitten", "sitting", 3, 3}, {"a", "abcd", 1, 2}, {"", "", 1, 0}, {"lindqvist", "lindquist", 2, 1},
		// runes, not bytes; invalid bytes one rune each; past the stack buffers
		{"sébastien", "sebastien", 1, 1}, {"m\xffreau", "moreau", 2, 1}, {"a\xff\xfe", "a", 3, 2},
		{strings.Repeat("ab", 40) + "x", strings.Repeat("ab", 40) + "y", 2, 1}, {strings.Repeat("é", 40), strings.Repeat("é", 39), 1, 1}} {
		if got := EditDistance(c.a, c.b, c.limit); got != c.want {
			t.Errorf("EditDistance(%q, %q, %d) = %d, want %d", c.a, c.b, c.limit, got, c.want)
		}
	}
}

func TestIsUpperWord(t *testing.T) {
	for s, want := range map[string]bool{"NATO": true, "U.S.": true, "A": false, "Nato": false, "UK1": true} {
		if IsUpperWord(s) != want {
			t.Errorf("IsUpperWord(%q) != %v", s, want)
		}
	}
}

func TestSurnameCloseness(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{{"moreau", "moraeu", false}, {"lindqvist", "lindquist", true}, {"kovalenko", "kovalenka", true}, {"smith", "smyth", true}, {"lee", "lea", false},
		{"moreau", "morel", false}, {"brandt", "brandt", true}} {
		if got := SurnameClose(c.a, c.b); got != c.want {
			t.Errorf("SurnameClose(%s, %s) = %v", c.a, c.b, got)
		}
	}
}

func TestGivenCompatible(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{{"", "ivo", true}, {"j", "john", true}, {"dmitri", "dmitry", true}, {"sergei", "sergey", true}, {"ivo", "ian", false}, {"anna", "anne", false}} {
		if got := GivenCompatible(c.a, c.b); got != c.want {
			t.Errorf("GivenCompatible(%s, %s) = %v", c.a, c.b, got)
		}
	}
}

// FuzzASCIIKey checks Key's ASCII fast path against the general one.
func FuzzASCIIKey(f *testing.F) {
	for _, s := range []string{"", "abc", "Ivo Marsh", "U.S.", "  x--y  ", "O'Neil's", "'a b'", "ABC9 d", "a\tb\nc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := asciiKey(s)
		if !ok {
			return // not ASCII: the general path
		}
		if want := unicodeKey(s); got != want {
			t.Fatalf("asciiKey(%q) = %q, Key's general path %q", s, got, want)
		}
	})
}

func TestAppendKeyAndSlugAsKey(t *testing.T) {
	names := []string{"", "plain", "Sébastien Moreau", "U.S.", "O'Neil-Smith  Jr.", "  --x--  ", "NATO", "al-Hadi", "3D Systems", "Zürich", "'s", "A. B. C"}
	for _, n := range names {
		if got, want := string(AppendKey([]byte("x"), n)), "x"+Key(n); got != want {
			t.Errorf("AppendKey(x, %q) = %q, want %q", n, got, want)
		}
		if got, want := Slug(n), strings.ReplaceAll(Key(n), " ", "-"); got != want {
			t.Errorf("Slug(%q) = %q, want %q", n, got, want)
		}
	}
}

// FuzzPunctKey checks Key's path for ASCII text with typographic
// punctuation against the general one.
func FuzzPunctKey(f *testing.F) {
	for _, s := range []string{"“We won’t go,” she said — twice…", "Kyiv’s", "O\u02bcNeil", "a\u00a0b", "x\u2011y\u2010z", "‘Hi’ – “There”", "Zürich", "\xff’"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := appendPunctKey([]byte("x"), s)
		if !ok {
			if string(got) != "x" {
				t.Fatalf("appendPunctKey(%q) declined but appended %q", s, got)
			}
			return // another rune: the general path
		}
		if want := "x" + unicodeKey(s); string(got) != want {
			t.Fatalf("appendPunctKey(%q) = %q, Key's general path %q", s, got, want)
		}
	})
}
