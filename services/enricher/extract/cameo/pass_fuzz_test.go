package cameo_test

import (
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
)

// FuzzCameoPass checks that no input makes the pipeline up to this pass panic or
// fail, and that every layer holds its invariants.
func FuzzCameoPass(f *testing.F) { extracttest.FuzzPass(f, "events") }
