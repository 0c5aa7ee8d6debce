package unnamed_test

import (
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
)

// FuzzUnnamedPass checks that no input makes the pipeline up to this pass panic or
// fail, and that every layer holds its invariants.
func FuzzUnnamedPass(f *testing.F) { extracttest.FuzzPass(f, "unnamed") }
