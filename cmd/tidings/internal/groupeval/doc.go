// Package groupeval measures near-duplicate detection and story grouping
// on a set built from generated edits of the fixture articles (its test
// prints precision and recall; nothing here is shipped).
package groupeval
