package agents_test

import (
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
)

func TestObjectPronounIsNotItsOwnSubject(t *testing.T) {
	rec := extracttest.Text(t, "Ms Ada Quill defended the plan. Mr Leo Sorn accused her of misleading voters.")
	extracttest.MentionOf(t, rec, "her", "Ada Quill", "Leo Sorn")
}
