// Package model embeds the trained entity tagger (tagger.bin, written by
// make train) and its model card (MODEL_CARD.md).
package model

import _ "embed"

//go:embed tagger.bin
var data []byte

// Bytes returns the embedded model file; decode it with tagger.Decode (or
// lazily with tagger.NewLazy).
func Bytes() []byte { return data }
