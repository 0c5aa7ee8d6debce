package agents_test

import (
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
)

func TestObjectPronounIsNotItsOwnSubject(t *testing.T) {
	rec := extracttest.Text(t, "Ms Ada Quill defended the plan. Mr Leo Sorn accused her of misleading voters.")
	ada, leo := extracttest.EntityNamed(rec, "Ada Quill"), extracttest.EntityNamed(rec, "Leo Sorn")
	if ada == nil || leo == nil {
		t.Fatalf("people missing: %+v", rec.Entities)
	}
	if !extracttest.HasMention(ada, "her") || extracttest.HasMention(leo, "her") {
		t.Fatalf("her: Ada %+v, Leo %+v", ada.Mentions, leo.Mentions)
	}
}
