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

func date(y int, m time.Month, d, h, min int) *time.Time {
	t := time.Date(y, m, d, h, min, 0, 0, time.UTC)
	return &t
}

func TestParseFormats(t *testing.T) {
	cases := []struct {
		file, mediaType string
		title, byline   string
		dateline        string
		published       *time.Time
		firstSentence   string
		sentences       int
		boilerplate     []string // substrings each expected in some boilerplate line
		absent          []string // substrings never in the body
	}{
		{
			file: "plain_article.txt", mediaType: events.MediaText,
			title:         "Harbour town approves £40m flood barrier after winter storms",
			byline:        "Jane Doe",
			dateline:      "PORTHAVEN (Reuters)",
			published:     date(2025, time.March, 12, 0, 0),
			firstSentence: "Councillors in Porthaven voted on Tuesday to build a £40m tidal barrier across the mouth of the harbour, after three winter storms flooded more than 200 homes.",
			sentences:     12,
			boilerplate:   []string{"open image in gallery", "Read more:", "Advertisement", "Share this article"},
			absent:        []string{"PA Wire", "By Jane Doe", "Published:", "Reuters"},
		},
		{
			file: "article.md", mediaType: events.MediaMarkdown,
			title:         "Library reopens after two-year restoration",
			byline:        "Tom Reed",
			published:     date(2024, time.June, 3, 0, 0),
			firstSentence: "The town's Victorian library reopened on Saturday after a two-year restoration that cost £3.2m, with a queue of readers stretching down Market Street.",
			sentences:     8,
			boilerplate:   []string{"The reading room before the work began", "Sign up"},
			absent:        []string{"**", "](", "# ", "https://", "> ", "- A new roof"},
		},
		{
			file: "article.html", mediaType: events.MediaHTML,
			title:         "Old river bridge to close for six months of repairs",
			byline:        "Priya Shah",
			published:     date(2025, time.February, 18, 9, 30),
			firstSentence: "The stone bridge that carries the main road over the River Alder will close to traffic from next month while engineers repair its crumbling arches, the county council has announced.",
			sentences:     8,
			boilerplate:   []string{"Advertisement", "The bridge was built in 1820"},
			absent:        []string{"tracking", "font-family", "Most read", "All rights reserved", "Home", "Photograph:"},
		},
		{
			file: "article.json", mediaType: events.MediaJSON,
			title:         "Ferry service to resume after strike ends",
			byline:        "Oliver Grant and Maria Lopez",
			published:     date(2025, time.April, 2, 6, 15),
			firstSentence: "The island ferry service will resume on Thursday after crews voted to accept a new pay offer, ending a strike that lasted nine days.",
			sentences:     4,
		},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			content := readFixture(t, c.file)
			received := time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)
			doc := &events.Document{
				SchemaVersion: events.SchemaVersion, ID: events.DocumentID(content), Source: c.file,
				MediaType: c.mediaType, ReceivedAt: received, TraceID: "trace-1",
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
			if a.ID != doc.ID || a.Source != c.file || a.MediaType != c.mediaType || !a.ReceivedAt.Equal(received) || a.TraceID != "trace-1" {
				t.Errorf("document fields not carried: %+v", a)
			}
			if a.ParsedAt.IsZero() || a.ParsedAt.Location() != time.UTC {
				t.Errorf("ParsedAt = %v, want a UTC time", a.ParsedAt)
			}
			if a.Title != c.title {
				t.Errorf("title = %q, want %q", a.Title, c.title)
			}
			if a.Byline != c.byline {
				t.Errorf("byline = %q, want %q", a.Byline, c.byline)
			}
			if a.Dateline != c.dateline {
				t.Errorf("dateline = %q, want %q", a.Dateline, c.dateline)
			}
			switch {
			case c.published == nil && a.Published != nil:
				t.Errorf("published = %v, want none", a.Published)
			case c.published != nil && (a.Published == nil || !a.Published.Equal(*c.published)):
				t.Errorf("published = %v, want %v", a.Published, c.published)
			}
			if a.Language != "en" {
				t.Errorf("language = %q, want en", a.Language)
			}
			if len(a.Sentences) == 0 || a.Body[a.Sentences[0].Start:a.Sentences[0].End] != c.firstSentence {
				t.Errorf("first sentence = %q", sentenceTexts(a)[:1])
			}
			if len(a.Sentences) != c.sentences {
				t.Errorf("%d sentences, want %d: %q", len(a.Sentences), c.sentences, sentenceTexts(a))
			}
			for _, want := range c.boilerplate {
				if !slices.ContainsFunc(a.Boilerplate, func(b string) bool { return strings.Contains(b, want) }) {
					t.Errorf("boilerplate %q not recorded in %q", want, a.Boilerplate)
				}
				if strings.Contains(a.Body, want) {
					t.Errorf("boilerplate %q left in the body", want)
				}
			}
			for _, no := range c.absent {
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
			a, err := Parse(&events.Document{MediaType: events.MediaText}, []byte(c.content))
			if err != nil {
				t.Fatal(err)
			}
			checkInvariants(t, a)
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
			a, err := Parse(&events.Document{MediaType: events.MediaText}, []byte(c.content))
			if err != nil {
				t.Fatal(err)
			}
			checkInvariants(t, a)
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
