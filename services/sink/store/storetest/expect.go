package storetest

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/store"
)

// ExpectedStats is what Stats must report after storing exactly recs (the
// latest version of each id): one article_entities row per distinct entity
// id of a record, every mention of those entities, every quote, event and
// participant, and a registry holding every entity id ever named (registry
// lists ids of recs and of the extra ids given).
func ExpectedStats(recs []*events.EnrichedArticle, registry ...string) store.Stats {
	st := store.Stats{Articles: len(recs)}
	ids := map[string]bool{}
	for _, id := range registry {
		ids[id] = true
	}
	for _, r := range recs {
		perRecord := map[string]bool{}
		for _, e := range r.Entities {
			if e.ID == "" {
				continue
			}
			ids[e.ID] = true
			if !perRecord[e.ID] {
				perRecord[e.ID] = true
				st.ArticleEntities++
			}
			st.Mentions += len(e.Mentions)
		}
		st.Quotes += len(r.Quotes)
		st.Events += len(r.Events)
		for _, ev := range r.Events {
			st.Participants += len(ev.Actors) + len(ev.Targets)
		}
	}
	st.Entities = len(ids)
	return st
}

// recordJSON is the record format of rec, what equality of records means here.
func recordJSON(t testing.TB, rec *events.EnrichedArticle) []byte {
	t.Helper()
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatalf("encode record %s: %v", rec.ID, err)
	}
	return b
}

// AssertSameRecord fails t unless got and want have the same record format.
func AssertSameRecord(t testing.TB, got, want *events.EnrichedArticle) {
	t.Helper()
	g, w := recordJSON(t, got), recordJSON(t, want)
	if !bytes.Equal(g, w) {
		at := firstDifference(g, w)
		t.Fatalf("record %s differs at byte %d:\n got …%s…\nwant …%s…", want.ID, at, window(g, at), window(w, at))
	}
}

func firstDifference(a, b []byte) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// window is the text of b around offset at.
func window(b []byte, at int) string {
	const half = 160
	return string(b[max(0, at-half):min(len(b), at+half)])
}
