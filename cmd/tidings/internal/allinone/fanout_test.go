package allinone_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tidings-news/tidings/cmd/tidings/internal/fanouttest"
	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// goldSeeds is what the seeds' gold annotations say (the parts checked here).
type goldSeeds struct {
	Documents map[string]struct {
		Entities []struct {
			ID, Type, Name string
			Aliases        []string
			Optional       bool
		}
		Quotes []struct {
			Speaker, Text string
			Optional      bool
		}
		Events []struct {
			Codes    []string
			Optional bool
		}
	}
}

// TestSeedsFanOutThroughUp: the four seed articles dropped into the inbox
// of the whole pipeline come out as event, entity and quote messages on
// their subjects, each exactly once and as the stored records have them;
// every gold entity is on tidings.entities.v1.<type>, every gold quote on
// tidings.quotes.v1 with its speaker, every gold event on
// tidings.events.v1.<root>.<code> with one of its gold roots.
func TestSeedsFanOutThroughUp(t *testing.T) {
	seeds := stagetest.Seeds(t)
	var gold goldSeeds
	if b, err := os.ReadFile(filepath.Join(stagetest.Shared(), "corpus", "seeds.gold.json")); err != nil || json.Unmarshal(b, &gold) != nil {
		t.Fatalf("gold annotations: %v", err)
	}
	dir := t.TempDir()
	p := start(t, dir)
	for _, f := range seeds {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p.Inbox(), filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "the seeds stored", 60*time.Second, func() bool { return count(t, p.Store()) == len(seeds) })
	recs := export(t, p.Store())
	waitFor(t, "the fan-out complete", 10*time.Second, func() bool {
		q := &quiet{T: t}
		fanouttest.Check(q, p.JetStream(), recs)
		return !q.failed
	})
	got := fanouttest.Check(t, p.JetStream(), recs)

	for _, rec := range recs {
		doc, ok := gold.Documents[strings.TrimSuffix(rec.Source, ".txt")]
		if !ok {
			doc, ok = gold.Documents[rec.Source]
		}
		if !ok {
			t.Fatalf("no gold for %s", rec.Source)
		}
		names := map[string][]string{} // gold id → every name it goes by, lower case
		for _, e := range doc.Entities {
			names[e.ID] = append(names[e.ID], strings.ToLower(e.Name))
			for _, a := range e.Aliases {
				names[e.ID] = append(names[e.ID], strings.ToLower(a))
			}
		}
		known := func(goldID, name string) bool { return slices.Contains(names[goldID], strings.ToLower(name)) }
		for _, e := range doc.Entities {
			if e.Optional {
				continue
			}
			found := false
			for id, m := range got.Entities {
				found = found || m.Article.ID == rec.ID && got.Subjects[id] == events.EntitySubject(e.Type) && known(e.ID, m.Entity.Name)
			}
			if !found {
				t.Errorf("%s: gold entity %s (%s) not on %s", rec.Source, e.Name, e.Type, events.EntitySubject(e.Type))
			}
		}
		for _, q := range doc.Quotes {
			if q.Optional {
				continue
			}
			found := false
			for _, m := range got.Quotes {
				found = found || m.Article.ID == rec.ID && m.Speaker != nil && known(q.Speaker, m.Speaker.Name) &&
					strings.Contains(norm(m.Text), norm(q.Text)[:min(40, len(norm(q.Text)))])
			}
			if !found {
				t.Errorf("%s: gold quote of %s %q not on %s", rec.Source, q.Speaker, q.Text, events.SubjectQuotes)
			}
		}
		for _, e := range doc.Events {
			if e.Optional {
				continue
			}
			found := false
			for id, m := range got.Events {
				found = found || m.Article.ID == rec.ID && slices.Contains(e.Codes, m.RootCode) &&
					strings.HasPrefix(got.Subjects[id], "tidings.events.v1."+m.RootCode+".")
			}
			if !found {
				t.Errorf("%s: no gold event with root in %v on tidings.events.v1.<root>.>", rec.Source, e.Codes)
			}
		}
	}
	t.Logf("%d records: %d event, %d entity, %d quote messages", len(recs), len(got.Events), len(got.Entities), len(got.Quotes))
}

// norm folds curly quotes and apostrophes and case, for comparing quote texts.
func norm(s string) string {
	return strings.ToLower(strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u201c", "\"", "\u201d", "\"").Replace(s))
}

// quiet is a testing.TB whose errors only mark it failed.
type quiet struct {
	*testing.T
	failed bool
}

func (q *quiet) Errorf(string, ...any) { q.failed = true }
func (q *quiet) Error(...any)          { q.failed = true }
