package events

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

func TestDocumentIDNormalization(t *testing.T) {
	base := DocumentID([]byte("Headline\nFirst paragraph.\n\nSecond paragraph."))
	same := map[string]string{
		"BOM":                   "\ufeffHeadline\nFirst paragraph.\n\nSecond paragraph.",
		"CRLF":                  "Headline\r\nFirst paragraph.\r\n\r\nSecond paragraph.",
		"CR":                    "Headline\rFirst paragraph.\r\rSecond paragraph.",
		"trailing space":        "Headline\nFirst paragraph.\n\nSecond paragraph.   ",
		"trailing newlines":     "Headline\nFirst paragraph.\n\nSecond paragraph.\n\n\n",
		"trailing mixed":        "Headline\nFirst paragraph.\n\nSecond paragraph. \t\r\n \r\n",
		"BOM, CRLF and padding": "\ufeffHeadline\r\nFirst paragraph.\r\n\r\nSecond paragraph.\r\n",
	}
	for name, s := range same {
		if got := DocumentID([]byte(s)); got != base {
			t.Errorf("%s: id %s, want %s", name, got, base)
		}
	}
	different := map[string]string{
		"other text":             "Headline\nFirst paragraph.\n\nThird paragraph.",
		"leading space":          " Headline\nFirst paragraph.\n\nSecond paragraph.",
		"space inside a line":    "Headline \nFirst paragraph.\n\nSecond paragraph.",
		"paragraphs joined":      "Headline\nFirst paragraph.\nSecond paragraph.",
		"BOM not at the start":   "Headline\n\ufeffFirst paragraph.\n\nSecond paragraph.",
		"case":                   "headline\nFirst paragraph.\n\nSecond paragraph.",
		"non-breaking space end": "Headline\nFirst paragraph.\n\nSecond paragraph.\u00a0",
	}
	for name, s := range different {
		if got := DocumentID([]byte(s)); got == base {
			t.Errorf("%s: same id as the base text", name)
		}
	}
}

func TestDocumentIDIsSHA256OfNormalizedContent(t *testing.T) {
	// SHA-256 of "" and of "abc" (FIPS 180-2 test vector).
	if got, want := DocumentID(nil), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"; got != want {
		t.Errorf("DocumentID(nil) = %s, want %s", got, want)
	}
	if got, want := DocumentID([]byte("\ufeffabc\r\n")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; got != want {
		t.Errorf("DocumentID(abc) = %s, want %s", got, want)
	}
	for _, s := range []string{"", "abc", "a\r\nb \n", "\ufeff\ufeffx"} {
		sum := sha256.Sum256(NormalizeContent([]byte(s)))
		if got := DocumentID([]byte(s)); got != hex.EncodeToString(sum[:]) {
			t.Errorf("DocumentID(%q) is not the SHA-256 of NormalizeContent", s)
		}
	}
}

func TestNormalizeContent(t *testing.T) {
	for in, want := range map[string]string{
		"":                  "",
		"\ufeff":            "",
		"a\r\nb\rc\n":       "a\nb\nc",
		"a\r\r\nb":          "a\n\nb",
		"  a  \t\n":         "  a",
		"a\n\n \t \r\n":     "a",
		"\ufeffa\r\n\r\nb ": "a\n\nb",
	} {
		if got := string(NormalizeContent([]byte(in))); got != want {
			t.Errorf("NormalizeContent(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzDocumentID(f *testing.F) {
	for _, s := range []string{"", "a", "Headline\nBody.\n\nMore.", "x \t", "\n\n", "ünïcödé\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id := DocumentID([]byte(s))
		if !ValidID(id) {
			t.Fatalf("DocumentID(%q) = %q is not a ValidID", s, id)
		}
		// For text in canonical line-end form, adding a BOM, using CRLF and
		// padding the end does not change the id.
		if strings.ContainsRune(s, '\r') || strings.HasPrefix(s, "\ufeff") {
			return
		}
		variant := "\ufeff" + strings.ReplaceAll(s, "\n", "\r\n") + " \t\r\n"
		if got := DocumentID([]byte(variant)); got != id {
			t.Fatalf("DocumentID(%q) = %s, DocumentID(%q) = %s", s, id, variant, got)
		}
	})
}

func TestValidID(t *testing.T) {
	valid := []string{
		DocumentID([]byte("some article")),
		DocumentID(nil),
		strings.Repeat("0", 64),
	}
	for _, s := range valid {
		if !ValidID(s) {
			t.Errorf("ValidID(%q) = false", s)
		}
	}
	id := DocumentID([]byte("some article"))
	invalid := map[string]string{
		"empty":          "",
		"too short":      id[:63],
		"too long":       id + "0",
		"non-hex":        "g" + id[1:],
		"space":          " " + id[1:],
		"prefixed":       "sha256:" + id[:57],
		"non-ASCII":      "é" + id[2:],
		"path traversal": "../" + id[3:],
	}
	for name, s := range invalid {
		if ValidID(s) {
			t.Errorf("%s: ValidID(%q) = true", name, s)
		}
	}
}

func TestMsgID(t *testing.T) {
	id := DocumentID([]byte("some article"))
	if got, want := MsgID(StageParser, id), "parser:"+id; got != want {
		t.Errorf("MsgID = %q, want %q", got, want)
	}
	other := DocumentID([]byte("another article"))
	seen := map[string]bool{}
	for _, stage := range []string{StageFetcher, StageParser, StageEnricher, StageSink} {
		for _, doc := range []string{id, other} {
			m := MsgID(stage, doc)
			if seen[m] {
				t.Errorf("MsgID(%s, %s) = %s collides", stage, doc, m)
			}
			seen[m] = true
		}
	}
}

// TestNormalizeContentDoesNotCopy: content without a carriage return is
// normalized in place (a 20 MB document was copied twice per call).
func TestNormalizeContentDoesNotCopy(t *testing.T) {
	content := []byte("\ufeffDelegates met in Geneva.\n\nTalks resume on Monday.  \n\n")
	if allocs := testing.AllocsPerRun(10, func() { _ = NormalizeContent(content) }); allocs != 0 {
		t.Errorf("NormalizeContent allocated %.0f times", allocs)
	}
	if got := string(NormalizeContent(content)); got != "Delegates met in Geneva.\n\nTalks resume on Monday." {
		t.Errorf("normalized to %q", got)
	}
	if got := string(NormalizeContent([]byte("a\r\nb\rc \r\n"))); got != "a\nb\nc" {
		t.Errorf("line ends normalized to %q", got)
	}
}
