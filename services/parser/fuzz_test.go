package parser

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
)

// fuzzMediaTypes are indexed by the fuzzer's kind byte.
var fuzzMediaTypes = []string{events.MediaText, events.MediaMarkdown, events.MediaHTML, events.MediaJSON, ""}

// FuzzParse checks that Parse never panics, that a failure is always
// permanent, and that every article keeps the offset invariants.
func FuzzParse(f *testing.F) {
	for i, name := range []string{"plain_article.txt", "article.md", "article.html", "article.json", "bench_article.txt"} {
		if b, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(uint8(i), b)
		}
	}
	for _, s := range []string{
		"", "\n\n", "Mr. . . . .", "“…”", "U.S. U.K. e.g. No. 5.", "a\u00a0b\u200bc\r\nd",
		"By Jane Doe\n\nPublished: 12 March 2025\n\nLONDON (Reuters) - Text.",
		"LONDON - ", "# \n\n**", "[x](", "<p>a<br>b</p><figure><figcaption>c</figcaption></figure>",
		`{"body": ["a", "b"], "author": {"name": "X"}}`, `{"text": "<p>x</p>"}`, "\xff\xfe\x00bad bytes.",
		"Title\n\n\xe2\x80", "...!?…”’)] x", "Photo: x", "(PA Wire)",
	} {
		for k := range fuzzMediaTypes {
			f.Add(uint8(k), []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, kind uint8, content []byte) {
		doc := &events.Document{ID: "fuzz", MediaType: fuzzMediaTypes[int(kind)%len(fuzzMediaTypes)]}
		var a *events.Article
		var err error
		done := make(chan struct{})
		go func() { a, err = Parse(doc, content); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("HANG kind=%d content=%q", kind, content)
		}
		if err != nil {
			if _, ok := stage.IsPermanent(err); !ok {
				t.Fatalf("error not permanent: %v", err)
			}
			return
		}
		if msg := invariantError(a); msg != "" {
			t.Fatalf("%s\nbody: %q", msg, a.Body)
		}
	})
}
