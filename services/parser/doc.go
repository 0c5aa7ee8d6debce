// Package parser is the parser stage of Tidings: it turns a fetched document
// (plain text, Markdown, HTML or a JSON article) into an events.Article with a
// clean body, its paragraphs and sentences as byte spans, metadata (title,
// byline, dateline, published date, language) and the boilerplate it removed.
//
// Parse is pure and safe for concurrent use; NewHandler wires it to the
// stage runtime, loading large documents from the JetStream object store.
package parser
