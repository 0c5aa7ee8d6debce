// Package lang detects the language of an article body with whatlanggo, a
// small trigram-based detector (no model files, a few hundred KB of tables).
//
// A guess the detector itself does not call reliable is no answer: trigram
// statistics of one short sentence often favour a neighbour of the true
// language (English briefs come out as Afrikaans, Dutch or French), and an
// unknown language is enriched as English downstream, which is the right call
// for this pipeline's input.
package lang

import (
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
)

// MinLetters is the fewest letters a text needs before its language is told.
const MinLetters = 40

// sampleBytes bounds the text looked at: the first few paragraphs settle the
// language, and the detector's cost grows with the input.
const sampleBytes = 1024

// detectorBytes bounds what the trigram detector reads: about sixty words
// settle a language, and the trigram extraction grows with the sample (the
// comparison with each language profile is a fixed ~150 µs on top).
const detectorBytes = 400

// Detect returns the ISO 639-1 code of text's language, or "" when the text
// is too short or the detector's guess is not reliable
// (whatlanggo.ReliableConfidenceThreshold).
func Detect(text string) string {
	sample := text
	if len(sample) > sampleBytes {
		cut := sampleBytes
		for cut > 0 && !utf8.RuneStart(sample[cut]) {
			cut--
		}
		sample = sample[:cut]
	}
	if countLetters(sample, MinLetters) < MinLetters {
		return ""
	}
	if looksEnglish(sample) {
		return "en"
	}
	if len(sample) > detectorBytes {
		cut := detectorBytes
		for cut > 0 && !utf8.RuneStart(sample[cut]) {
			cut--
		}
		sample = sample[:cut]
	}
	info := whatlanggo.Detect(sample)
	if !info.IsReliable() {
		return ""
	}
	return info.Lang.Iso6391()
}

// countLetters counts letters in s, stopping at limit.
func countLetters(s string, limit int) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
			if n >= limit {
				break
			}
		}
	}
	return n
}
