package parser

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/parser/draft"
	"github.com/tidings-news/tidings/services/parser/htmldoc"
	"github.com/tidings-news/tidings/services/parser/jsondoc"
	"github.com/tidings-news/tidings/services/parser/lang"
	"github.com/tidings-news/tidings/services/parser/markdown"
	"github.com/tidings-news/tidings/services/parser/text"
)

// ReasonUnparseable is the dead-letter reason of input that can never parse.
const ReasonUnparseable = "unparseable"

// ErrNoText is wrapped by Parse's error when a document holds no article text.
var ErrNoText = errors.New("document has no text")

// Format is how Parse reads a document's content.
type Format uint8

// Formats Parse reads.
const (
	FormatText Format = iota
	FormatMarkdown
	FormatHTML
	FormatJSON
)

// Parse reads content (the document's bytes) as doc's media type says and
// returns the article. It does no I/O. Input that can never parse (invalid
// JSON, no text at all) gives an error marked stage.Permanent("unparseable").
func Parse(doc *events.Document, content []byte) (*events.Article, error) {
	if doc == nil {
		return nil, stage.Permanent(ReasonUnparseable, errors.New("parse: nil document"))
	}
	d, err := read(DetectFormat(doc.MediaType, doc.Source, content), content)
	if err != nil {
		return nil, stage.Permanent(ReasonUnparseable, fmt.Errorf("parse %s (%s): %w", doc.ID, doc.MediaType, err))
	}
	c := clean(d)
	if len(c.paragraphs) == 0 {
		return nil, stage.Permanent(ReasonUnparseable, fmt.Errorf("parse %s (%s): %w", doc.ID, doc.MediaType, ErrNoText))
	}
	body, paras, sents := text.Build(c.paragraphs)
	a := &events.Article{
		SchemaVersion: events.SchemaVersion,
		ID:            doc.ID,
		Source:        doc.Source,
		SourceURL:     doc.SourceURL,
		MediaType:     doc.MediaType,
		Title:         c.title,
		Byline:        c.byline,
		Dateline:      c.dateline,
		Published:     c.published,
		Language:      lang.Detect(body),
		Body:          body,
		Paragraphs:    paras,
		Sentences:     sents,
		Boilerplate:   c.boilerplate,
		ReceivedAt:    doc.ReceivedAt,
		ParsedAt:      time.Now().UTC(),
		TraceID:       doc.TraceID,
	}
	if a.SourceURL == "" {
		a.SourceURL = d.URL
	}
	if a.Published == nil && doc.Published != nil {
		// The date its source gave it (a feed item's, an upload's field).
		p := doc.Published.UTC()
		a.Published = &p
	}
	if a.Language == "" && len(body) >= lang.MinLetters {
		a.Language = declaredLanguage(d.Language)
	}
	return a, nil
}

// read dispatches to the format's reader.
func read(f Format, content []byte) (draft.Draft, error) {
	switch f {
	case FormatHTML:
		return htmldoc.Read(content)
	case FormatJSON:
		return jsondoc.Read(content)
	case FormatMarkdown:
		text, err := decodeText(content)
		if err != nil {
			return draft.Draft{}, err
		}
		return markdown.Read(text), nil
	default:
		text, err := decodeText(content)
		if err != nil {
			return draft.Draft{}, err
		}
		return readPlain(text), nil
	}
}

// DetectFormat chooses the reader from the media type, then the source's file
// extension (both by events.AcceptedMedia, the pipeline's one table), then
// the content itself.
func DetectFormat(mediaType, source string, content []byte) Format {
	mt, known := events.CanonicalMediaType(mediaType)
	if known && mt != events.MediaText {
		return formatOf(mt)
	}
	if byName, ok := events.MediaTypeOf(source); ok && byName != events.MediaText {
		return formatOf(byName)
	}
	if known {
		return FormatText
	}
	head := strings.TrimSpace(string(content[:min(len(content), 1024)]))
	switch {
	case strings.HasPrefix(head, "{"):
		return FormatJSON
	case htmldoc.LooksLikeHTML(head):
		return FormatHTML
	}
	return FormatText
}

// decodeText returns content as UTF-8 text by the pipeline's one policy
// (events.DecodeText): content that is not UTF-8 or UTF-16 is not read.
func decodeText(content []byte) (string, error) {
	text, _, err := events.DecodeText(content)
	if err != nil {
		return "", err
	}
	return string(text), nil
}

// formatOf is the reader of an accepted media type.
func formatOf(mediaType string) Format {
	switch mediaType {
	case events.MediaHTML:
		return FormatHTML
	case events.MediaMarkdown:
		return FormatMarkdown
	case events.MediaJSON:
		return FormatJSON
	}
	return FormatText
}

// declaredLanguage reduces a declared tag ("en-GB", "fr_FR") to ISO 639-1.
func declaredLanguage(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	if len(tag) != 2 || tag[0] < 'a' || tag[0] > 'z' || tag[1] < 'a' || tag[1] > 'z' {
		return ""
	}
	return tag
}
