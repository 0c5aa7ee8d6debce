package events

import "testing"

func TestMediaTypeOf(t *testing.T) {
	for name, want := range map[string]string{
		"a.txt": MediaText, "b.TEXT": MediaText, "c.md": MediaMarkdown, "d.Markdown": MediaMarkdown,
		"e.html": MediaHTML, "f.HTM": MediaHTML, "g.json": MediaJSON, "dir.v2/h.txt": MediaText,
		// The fetcher's cases, from when it had its own table.
		"a.TXT": MediaText, "a.md": MediaMarkdown, "a.markdown": MediaMarkdown,
		"a.html": MediaHTML, "a.Htm": MediaHTML, "a.json": MediaJSON,
	} {
		if got, ok := MediaTypeOf(name); !ok || got != want {
			t.Errorf("MediaTypeOf(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
	for _, name := range []string{"a.pdf", "b", "c.txt.gz", ".md.bak", "d.jsonl", "README", "a.txt.gz"} {
		if got, ok := MediaTypeOf(name); ok {
			t.Errorf("MediaTypeOf(%q) = %q, accepted", name, got)
		}
	}
}

func TestCanonicalMediaType(t *testing.T) {
	for in, want := range map[string]string{
		"text/plain": MediaText, "text/plain; charset=utf-8": MediaText, "TEXT/HTML": MediaHTML,
		"application/xhtml+xml": MediaHTML, "text/x-markdown": MediaMarkdown, " text/markdown ": MediaMarkdown,
		"text/json": MediaJSON, "application/ld+json": MediaJSON, "application/json; charset=utf-8": MediaJSON,
	} {
		if got, ok := CanonicalMediaType(in); !ok || got != want {
			t.Errorf("CanonicalMediaType(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "application/octet-stream", "application/pdf", "image/png"} {
		if got, ok := CanonicalMediaType(in); ok {
			t.Errorf("CanonicalMediaType(%q) = %q, accepted", in, got)
		}
	}
}

// Every extension of the table is in the list people are shown, and every
// listed type is reachable from a file name.
func TestAcceptedExtensionsListTheTable(t *testing.T) {
	if got, want := AcceptedExtensions(), ".txt, .text, .md, .markdown, .html, .htm or .json"; got != want {
		t.Errorf("AcceptedExtensions = %q, want %q", got, want)
	}
	for _, m := range AcceptedMedia() {
		for _, e := range m.Extensions {
			if got, ok := MediaTypeOf("x" + e); !ok || got != m.Type {
				t.Errorf("extension %s maps to %q, want %s", e, got, m.Type)
			}
		}
		if got, ok := CanonicalMediaType(m.Type); !ok || got != m.Type {
			t.Errorf("%s is not canonical: %q", m.Type, got)
		}
	}
}

func TestAcceptedMediaIsACopy(t *testing.T) {
	m := AcceptedMedia()
	m[0].Type, m[0].Extensions[0] = "x/changed", ".changed"
	if got, ok := MediaTypeOf("a.txt"); !ok || got != MediaText {
		t.Errorf("after changing a copy, MediaTypeOf(a.txt) = %q, %v", got, ok)
	}
	if _, ok := MediaTypeOf("a.changed"); ok {
		t.Error("a change to AcceptedMedia's result reached the table")
	}
	if AcceptedMedia()[0].Extensions[0] != ".txt" {
		t.Error("AcceptedMedia returned the changed table")
	}
}
