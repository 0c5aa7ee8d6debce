// Package peerbench measures Tidings' extraction against a peer Go NLP
// library (prose v3) on the same articles, in the same run: speed as a ratio
// (benchmarks) and quality through the shared scorer (`make eval`). The
// package has no code of its own beyond its tests.
package peerbench
