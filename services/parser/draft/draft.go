// Package draft holds what a format reader (plain text, Markdown, HTML,
// JSON) hands to the parser: metadata it found and the candidate paragraphs,
// before boilerplate removal and body building.
package draft

import "time"

// Draft is a document reduced to metadata and paragraph candidates.
type Draft struct {
	Title  string
	Byline string
	// Published is set when the format carries a date (meta tag, JSON field).
	Published *time.Time
	// URL is the article's canonical address when the format states one.
	URL string
	// Language is a declared language (HTML lang, og:locale); a hint only.
	Language string
	// Paragraphs are the candidate paragraphs, not yet normalized.
	Paragraphs []string
	// Boilerplate is what the reader itself removed (image alt text, …).
	Boilerplate []string
}
