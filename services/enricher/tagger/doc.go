// Package tagger is Tidings' trained named-entity tagger: an averaged
// structured perceptron over BILOU tags (PER, ORG, LOC, MISC) with word,
// shape, affix, window, gazetteer and document-level features, decoded with
// Viterbi. It is pure Go, has no I/O besides reading its model bytes, and is
// safe for concurrent use.
//
// Use: Tokenize a sentence (or take tokens from elsewhere), then Tag the
// sentences of one document together (document-level features look at every
// sentence). Spans come back per sentence in token indices with their type
// and a confidence in [0, 1].
//
// The model is trained by cmd/tagger-train (make train) from CoNLL-2003
// English train and dev, built outside the repository; see model/MODEL_CARD.md.
package tagger
