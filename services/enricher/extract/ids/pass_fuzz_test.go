package ids_test

import (
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
)

// FuzzIdsPass checks that no input makes the pipeline up to this pass panic or
// fail, and that every layer holds its invariants.
func FuzzIdsPass(f *testing.F) { extracttest.FuzzPass(f, "ids") }
