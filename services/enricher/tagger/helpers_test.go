package tagger_test

import (
	"testing"

	"github.com/tidings-news/tidings/services/enricher/tagger"
	"github.com/tidings-news/tidings/services/enricher/tagger/model"
)

func mustModel(t testing.TB) *tagger.Model {
	t.Helper()
	m, err := tagger.Decode(model.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return m
}
