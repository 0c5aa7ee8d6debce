package entities_test

import (
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
)

// FuzzEntitiesPass checks that no input makes the pipeline up to this pass panic or
// fail, and that every layer holds its invariants.
func FuzzEntitiesPass(f *testing.F) { extracttest.FuzzPass(f, "entities") }
