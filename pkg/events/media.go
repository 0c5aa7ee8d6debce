package events

import (
	"mime"
	"path/filepath"
	"slices"
	"strings"
)

// Media types Tidings reads (Document.MediaType).
const (
	MediaText     = "text/plain"
	MediaMarkdown = "text/markdown"
	MediaHTML     = "text/html"
	MediaJSON     = "application/json"
)

// Media is one accepted media type: the file extensions that mean it and
// the other names a sender may give it.
type Media struct {
	Type       string
	Extensions []string
	Aliases    []string
}

// accepted is the table AcceptedMedia copies and the look-ups below read
// (never written).
var accepted = [...]Media{
	{Type: MediaText, Extensions: []string{".txt", ".text"}},
	{Type: MediaMarkdown, Extensions: []string{".md", ".markdown"}, Aliases: []string{"text/x-markdown"}},
	{Type: MediaHTML, Extensions: []string{".html", ".htm"}, Aliases: []string{"application/xhtml+xml"}},
	{Type: MediaJSON, Extensions: []string{".json"}, Aliases: []string{"text/json"}},
}

// AcceptedMedia is the one table of what Tidings reads: the fetcher accepts
// files by it, the parser chooses its reader by it, and every error message
// lists its extensions. It is a copy of its own for each caller.
func AcceptedMedia() []Media {
	out := make([]Media, len(accepted))
	for i, m := range accepted {
		out[i] = Media{Type: m.Type, Extensions: slices.Clone(m.Extensions), Aliases: slices.Clone(m.Aliases)}
	}
	return out
}

// MediaTypeOf maps a file name's extension (any case) to the media type
// Tidings reads it as; ok is false for extensions it does not accept.
func MediaTypeOf(name string) (mediaType string, ok bool) {
	ext := strings.ToLower(filepath.Ext(name))
	for _, m := range accepted {
		for _, e := range m.Extensions {
			if e == ext {
				return m.Type, true
			}
		}
	}
	return "", false
}

// CanonicalMediaType maps a media type as a sender gave it (any case, with
// parameters, an alias, or any "+json" type) to the accepted type it is;
// ok is false for types Tidings does not read.
func CanonicalMediaType(mediaType string) (canonical string, ok bool) {
	mt, _, err := mime.ParseMediaType(mediaType)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(mediaType))
	}
	for _, m := range accepted {
		if mt == m.Type {
			return m.Type, true
		}
		for _, a := range m.Aliases {
			if mt == a {
				return m.Type, true
			}
		}
	}
	if strings.HasSuffix(mt, "+json") {
		return MediaJSON, true
	}
	return "", false
}

// AcceptedExtensions lists the accepted file extensions for messages to
// people: ".txt, .text, .md, .markdown, .html, .htm or .json".
func AcceptedExtensions() string {
	var exts []string
	for _, m := range accepted {
		exts = append(exts, m.Extensions...)
	}
	return strings.Join(exts[:len(exts)-1], ", ") + " or " + exts[len(exts)-1]
}
