// Package evaluate scores Tidings' extraction against annotated data: the
// CoNLL-2003 column format (laid out as plain-text articles the way
// shared/eval/devsets/conll.py does, then scored on exact spans per type),
// and gold files in the format of shared/eval/score.py (entities per type,
// exact spans where the gold has offsets, quotes and their speakers). It is
// what `tidings eval` runs; the figures agree with those Python scorers.
package evaluate
