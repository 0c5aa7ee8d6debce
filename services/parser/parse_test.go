package parser

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
)

func readFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// formatCase is what parsing a fixture of testdata/ must give; the cases
// are in testdata/formats.json.
type formatCase struct {
	File          string     `json:"file"`
	MediaType     string     `json:"media_type"`
	Title         string     `json:"title"`
	Byline        string     `json:"byline"`
	Dateline      string     `json:"dateline"`
	Published     *time.Time `json:"published"`
	FirstSentence string     `json:"first_sentence"`
	Sentences     int        `json:"sentences"`
	Boilerplate   []string   `json:"boilerplate"` // substrings each expected in some boilerplate line
	Absent        []string   `json:"absent"`      // substrings never in the body
}

func TestParseFormats(t *testing.T) {
	var cases []formatCase
	if err := json.Unmarshal(readFixture(t, "formats.json"), &cases); err != nil {
		t.Fatalf("testdata/formats.json: %v", err)
	}
	if len(cases) != 4 {
		t.Fatalf("%d cases in testdata/formats.json, want one for each of the 4 media types", len(cases))
	}
	for _, c := range cases {
		t.Run(c.File, func(t *testing.T) {
			content := readFixture(t, c.File)
			received := time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)
			doc := &events.Document{
				SchemaVersion: events.SchemaVersion, ID: events.DocumentID(content), Source: c.File,
				MediaType: c.MediaType, ReceivedAt: received, TraceID: "trace-1",
			}
			a, err := Parse(doc, content)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			checkInvariants(t, a)
			if data, err := json.Marshal(a); err != nil {
				t.Fatal(err)
			} else {
				validateArticleJSON(t, data)
			}
			if a.ID != doc.ID || a.Source != c.File || a.MediaType != c.MediaType || !a.ReceivedAt.Equal(received) || a.TraceID != "trace-1" {
				t.Errorf("document fields not carried: %+v", a)
			}
			if a.ParsedAt.IsZero() || a.ParsedAt.Location() != time.UTC {
				t.Errorf("ParsedAt = %v, want a UTC time", a.ParsedAt)
			}
			if a.Title != c.Title {
				t.Errorf("title = %q, want %q", a.Title, c.Title)
			}
			if a.Byline != c.Byline {
				t.Errorf("byline = %q, want %q", a.Byline, c.Byline)
			}
			if a.Dateline != c.Dateline {
				t.Errorf("dateline = %q, want %q", a.Dateline, c.Dateline)
			}
			switch {
			case c.Published == nil && a.Published != nil:
				t.Errorf("published = %v, want none", a.Published)
			case c.Published != nil && (a.Published == nil || !a.Published.Equal(*c.Published)):
				t.Errorf("published = %v, want %v", a.Published, c.Published)
			}
			if a.Language != "en" {
				t.Errorf("language = %q, want en", a.Language)
			}
			if len(a.Sentences) == 0 || a.Body[a.Sentences[0].Start:a.Sentences[0].End] != c.FirstSentence {
				t.Errorf("first sentence = %q", sentenceTexts(a)[:1])
			}
			if len(a.Sentences) != c.Sentences {
				t.Errorf("%d sentences, want %d: %q", len(a.Sentences), c.Sentences, sentenceTexts(a))
			}
			for _, want := range c.Boilerplate {
				if !slices.ContainsFunc(a.Boilerplate, func(b string) bool { return strings.Contains(b, want) }) {
					t.Errorf("boilerplate %q not recorded in %q", want, a.Boilerplate)
				}
				if strings.Contains(a.Body, want) {
					t.Errorf("boilerplate %q left in the body", want)
				}
			}
			for _, no := range c.Absent {
				if strings.Contains(a.Body, no) {
					t.Errorf("body contains %q", no)
				}
			}
		})
	}
}

func sentenceTexts(a *events.Article) []string {
	out := make([]string, 0, len(a.Sentences)+1)
	for _, s := range a.Sentences {
		out = append(out, a.Body[s.Start:s.End])
	}
	return append(out, "")
}

func TestParseUnparseable(t *testing.T) {
	cases := []struct {
		name, mediaType, content string
	}{
		{"invalid json", events.MediaJSON, `{"title": "x", "body": `},
		{"json without body", events.MediaJSON, `{"title": "Only a title"}`},
		{"empty text", events.MediaText, ""},
		{"blank text", events.MediaText, " \n\n\t \n"},
		{"only boilerplate", events.MediaText, "Advertisement\n\nShare this article\n"},
		{"empty html", events.MediaHTML, "<html><head><title>x</title></head><body><script>1</script></body></html>"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(&events.Document{ID: "x", MediaType: c.mediaType}, []byte(c.content))
			if err == nil {
				t.Fatal("Parse succeeded, want an error")
			}
			if reason, ok := stage.IsPermanent(err); !ok || reason != ReasonUnparseable {
				t.Errorf("error %v: permanent=%v reason=%q, want unparseable", err, ok, reason)
			}
		})
	}
	if _, err := Parse(&events.Document{MediaType: events.MediaText}, []byte("\n\n")); !errors.Is(err, ErrNoText) {
		t.Errorf("error %v does not wrap ErrNoText", err)
	}
}

// parseText parses content as a plain-text document and checks the article's
// invariants; an error fails the test.
func parseText(t *testing.T, content string) *events.Article {
	t.Helper()
	a, err := Parse(&events.Document{MediaType: events.MediaText}, []byte(content))
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, a)
	return a
}

func TestPlainTextTitle(t *testing.T) {
	cases := []struct{ name, content, title string }{
		{"headline", "Storm closes ferry port\n\nThe port closed on Monday. Ships waited offshore.", "Storm closes ferry port"},
		{"lead sentence is no title", "The port closed on Monday.\n\nShips waited offshore for two days.", ""},
		{"no blank line after", "Storm closes ferry port\nThe port closed on Monday. Ships waited offshore for two days and more.", ""},
		{"question is no title", "Will the port reopen?\n\nThe port closed on Monday.", ""},
		{"byline is no title", "By Jane Doe\n\nThe port closed on Monday.", ""},
		{"only one block", "Storm closes ferry port", ""},
		{"byline under headline", "Storm closes ferry port\nBy Jane Doe\nPublished: 3 May 2025\n\nThe port closed on Monday.", "Storm closes ferry port"},
		{"quote is no title", "“We are closed”\n\nThe port closed on Monday.", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := parseText(t, c.content)
			if a.Title != c.title {
				t.Errorf("title = %q, want %q", a.Title, c.title)
			}
		})
	}
}

func TestParagraphLayouts(t *testing.T) {
	cases := []struct {
		name, content string
		paras         []string
	}{
		{"blank-line separated", "First paragraph here.\n\nSecond one.", []string{"First paragraph here.", "Second one."}},
		{"one per line", "A long first paragraph that is written on one line of its own in the file, as news text often is.\nAnd a second paragraph, also long enough that nobody would have wrapped it by hand at all.", []string{
			"A long first paragraph that is written on one line of its own in the file, as news text often is.",
			"And a second paragraph, also long enough that nobody would have wrapped it by hand at all.",
		}},
		{"hard wrapped", "The council met on Monday evening to discuss the\nbudget for next year, which is expected to be tight\nafter two years of rising costs.", []string{
			"The council met on Monday evening to discuss the budget for next year, which is expected to be tight after two years of rising costs.",
		}},
		{"crlf and spaces", "  First\u00a0 paragraph.  \r\n\r\n\tSecond\u200b one.\r\n", []string{"First paragraph.", "Second one."}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := parseText(t, c.content)
			var got []string
			for _, p := range a.Paragraphs {
				got = append(got, a.Body[p.Start:p.End])
			}
			if !slices.Equal(got, c.paras) {
				t.Errorf("paragraphs = %q, want %q", got, c.paras)
			}
		})
	}
}

func TestLanguages(t *testing.T) {
	cases := []struct{ text, want string }{
		{"The harbour master said the ferry would not sail again until the storm had passed, and that passengers should check the timetable on the company's website before they travel.", "en"},
		{"Le capitaine du port a déclaré que le ferry ne reprendrait pas la mer avant la fin de la tempête, et que les passagers devaient consulter les horaires avant de partir.", "fr"},
		{"Der Hafenmeister sagte, die Fähre werde erst wieder auslaufen, wenn der Sturm vorüber sei, und die Fahrgäste sollten vor der Reise den Fahrplan im Internet prüfen.", "de"},
		{"Too short to tell.", ""},
	}
	for _, c := range cases {
		a, err := Parse(&events.Document{MediaType: events.MediaText}, []byte(c.text))
		if err != nil {
			t.Fatal(err)
		}
		if a.Language != c.want {
			t.Errorf("language of %.30q = %q, want %q", c.text, a.Language, c.want)
		}
	}
}

func TestDetectFormat(t *testing.T) {
	cases := []struct {
		mediaType, source, content string
		want                       Format
	}{
		{"text/html; charset=utf-8", "", "", FormatHTML},
		{"text/markdown", "", "", FormatMarkdown},
		{"application/json", "", "", FormatJSON},
		{"application/ld+json", "", "", FormatJSON},
		{"text/plain", "notes.md", "# Title", FormatMarkdown},
		{"text/plain", "a.txt", "<p>looks like html</p>", FormatText},
		{"", "upload", `{"body": "x"}`, FormatJSON},
		{"", "upload", "<!DOCTYPE html><html><body><p>x</p></body></html>", FormatHTML},
		{"application/octet-stream", "upload", "Plain words.", FormatText},
	}
	for _, c := range cases {
		if got := DetectFormat(c.mediaType, c.source, []byte(c.content)); got != c.want {
			t.Errorf("DetectFormat(%q, %q) = %v, want %v", c.mediaType, c.source, got, c.want)
		}
	}
}

// Content that is not UTF-8 is not guessed at: the parser reads text by the
// pipeline's one policy (events.DecodeText), so a Windows-1252 file is bad
// input for good here, as the fetcher rejects it (invalid_encoding). It read
// it as Windows-1252 before the policy was one.
func TestLegacyEncoding(t *testing.T) {
	// "café" and a pound sign in Windows-1252.
	content := []byte("The caf\xe9 charged \xa33 for a coffee, which the owner said was fair.")
	for _, media := range []string{events.MediaText, events.MediaMarkdown} {
		a, err := Parse(&events.Document{MediaType: media}, content)
		if reason, ok := stage.IsPermanent(err); !ok || reason != ReasonUnparseable || !strings.Contains(err.Error(), "not valid UTF-8") {
			t.Errorf("%s: %+v, %v; want unparseable: not valid UTF-8", media, a, err)
		}
	}
	// UTF-16 with a byte order mark is read.
	a, err := Parse(&events.Document{MediaType: events.MediaText}, []byte("\xFF\xFEc\x00a\x00f\x00\xe9\x00.\x00"))
	if err != nil || !strings.Contains(a.Body, "café.") {
		t.Errorf("UTF-16: %+v, %v", a, err)
	}
}

// A document's own date wins; the date its source gave is used when it
// states none.
func TestPublishedFromTheSource(t *testing.T) {
	given := time.Date(2025, 3, 11, 9, 0, 0, 0, time.UTC)
	undated := []byte("Storm closes ferry port\n\nThe port closed on Monday after the storm.")
	a, err := Parse(&events.Document{ID: "x", MediaType: events.MediaText, Published: &given}, undated)
	if err != nil || a.Published == nil || !a.Published.Equal(given) {
		t.Fatalf("undated document: published %v, %v", a.Published, err)
	}
	dated := []byte("Storm closes ferry port\nPublished: 3 May 2025\n\nThe port closed on Monday after the storm.")
	a, err = Parse(&events.Document{ID: "x", MediaType: events.MediaText, Published: &given}, dated)
	if err != nil || a.Published == nil || a.Published.Month() != time.May {
		t.Fatalf("dated document: published %v, %v", a.Published, err)
	}
}
