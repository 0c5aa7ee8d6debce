package extract_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract"
	"github.com/tidings-news/tidings/services/enricher/extract/ids"
)

func TestCrossArticleIDsThroughExtract(t *testing.T) {
	reg := ids.NewMemoryRegistry()
	x, err := extract.New(extract.Options{Registry: reg})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for i, body := range []string{
		"French defence minister Sébastien Moreau met Ivo Marsh in Lyon.",
		"Sebastien Moreaux and Ivo Marsh spoke in Brussels.",
	} {
		rec, err := x.Extract(context.Background(), mustArticle(fmt.Sprint(i), body))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range rec.Entities {
			if e.Type == "PERSON" {
				ids[e.ID] = true
			}
		}
	}
	if len(ids) != 2 || !ids["per:sebastien-moreau"] || !ids["per:ivo-marsh"] {
		t.Errorf("ids across articles: %v", ids)
	}
}
