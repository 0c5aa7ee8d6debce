package speakernames_test

import (
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
)

// FuzzSpeakernamesPass checks that no input makes the pipeline up to this pass panic or
// fail, and that every layer holds its invariants.
func FuzzSpeakernamesPass(f *testing.F) { extracttest.FuzzPass(f, "speakernames") }
