package sentences_test

import (
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
)

// FuzzSentencesPass checks that no input makes the pipeline up to this pass panic or
// fail, and that every layer holds its invariants.
func FuzzSentencesPass(f *testing.F) { extracttest.FuzzPass(f, "sentences") }
