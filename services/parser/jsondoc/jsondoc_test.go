package jsondoc

import (
	"errors"
	"slices"
	"testing"

	"github.com/tidings-news/tidings/pkg/events"
)

func TestRead(t *testing.T) {
	cases := []struct {
		name, src     string
		title, byline string
		paras         []string
	}{
		{"body string", `{"title": "T", "body": "One.\n\nTwo.", "byline": "By Ann Lee"}`, "T", "Ann Lee", []string{"One.", "Two."}},
		{"text list", `{"headline": "H", "text": ["One.", "Two."], "author": "Bo Chan"}`, "H", "Bo Chan", []string{"One.", "Two."}},
		{"html body", `{"title": "T", "body": "<p>One.</p><p>Two.</p>", "author": {"name": "Cy Dee"}}`, "T", "Cy Dee", []string{"One.", "Two."}},
		{"author list", `{"articleBody": "One.", "author": ["Ann Lee", {"name": "Bo Chan"}]}`, "", "Ann Lee and Bo Chan", []string{"One."}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := Read([]byte(c.src))
			if err != nil {
				t.Fatal(err)
			}
			if d.Title != c.title || d.Byline != c.byline || !slices.Equal(d.Paragraphs, c.paras) {
				t.Errorf("got %q %q %q", d.Title, d.Byline, d.Paragraphs)
			}
		})
	}
}

func TestReadDates(t *testing.T) {
	for _, src := range []string{
		`{"body": "x", "published": "2025-04-02T07:15:00+01:00"}`,
		`{"body": "x", "published_at": "2025-04-02 06:15:00"}`,
		`{"body": "x", "datePublished": "Wed 2 Apr 2025 06.15 GMT"}`,
	} {
		d, err := Read([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if d.Published == nil || d.Published.Hour() != 6 || d.Published.Day() != 2 {
			t.Errorf("%s: published = %v", src, d.Published)
		}
	}
}

func TestReadErrors(t *testing.T) {
	if _, err := Read([]byte(`{"title": "no body"}`)); !errors.Is(err, ErrNoBody) {
		t.Errorf("no body: %v", err)
	}
	if _, err := Read([]byte(`[1, 2`)); err == nil {
		t.Error("invalid JSON accepted")
	}
	if _, err := Read([]byte(`"just a string"`)); err == nil {
		t.Error("non-object accepted")
	}
}

// TestReadsEveryBodyFieldTheInboxAccepts: the fetcher accepts a JSON document
// whose text is in one of events.JSONBodyFields; the parser reads each.
func TestReadsEveryBodyFieldTheInboxAccepts(t *testing.T) {
	for _, f := range events.JSONBodyFields() {
		src := []byte(`{"` + f + `": "Delegates met in Geneva on Monday."}`)
		if err := events.CheckJSONDocument(src); err != nil {
			t.Fatalf("%s: the inbox rejects it: %v", f, err)
		}
		if d, err := Read(src); err != nil || len(d.Paragraphs) != 1 {
			t.Errorf("%s: Read = %v, %v; want one paragraph", f, d.Paragraphs, err)
		}
	}
}
