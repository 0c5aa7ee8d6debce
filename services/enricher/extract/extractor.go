package extract

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tidings-news/tidings/pkg/events"
)

// Version is the extractor's version, recorded in every enriched record.
const Version = "0.1.0"

// Options configures an Extractor.
type Options struct {
	// Registry gives canonical ids across articles; nil means the
	// deterministic slug of each entity's name.
	Registry Registry
	// Now returns the enrichment time (time.Now if nil).
	Now func() time.Time
}

// Extractor turns parsed articles into enriched records. It is safe for
// concurrent use.
type Extractor struct {
	lx  *lexicon
	reg Registry
	now func() time.Time
}

// New returns an Extractor with the embedded lexicons.
func New(opts Options) (*Extractor, error) {
	lx, err := loadLexicon()
	if err != nil {
		return nil, fmt.Errorf("extract: load lexicons: %w", err)
	}
	x := &Extractor{lx: lx, reg: opts.Registry, now: opts.Now}
	if x.now == nil {
		x.now = time.Now
	}
	return x, nil
}

// Extract enriches one article: entities with their mentions, quotes with
// speakers and CAMEO-coded events. An article in another language than
// English is returned marked as not enriched. A body that is not valid UTF-8
// has its invalid bytes replaced by U+FFFD in the record (as JSON encoding
// would), and all offsets refer to the record's body.
func (x *Extractor) Extract(ctx context.Context, a *events.Article) (*events.EnrichedArticle, error) {
	if a == nil {
		return nil, fmt.Errorf("extract: nil article")
	}
	out := &events.EnrichedArticle{Article: *a, Extractor: "tidings-extract/" + Version, EnrichedAt: x.now().UTC(),
		Entities: []events.Entity{}, Quotes: []events.Quote{}, Events: []events.Event{}}
	if NotEnrichedReason(a) != "" {
		return out, nil
	}
	if !utf8.ValidString(a.Body) {
		// As JSON encoding would: offsets then refer to the record's valid body.
		fixed := *a
		fixed.Body = strings.ToValidUTF8(a.Body, "\uFFFD")
		fixed.Paragraphs, fixed.Sentences = nil, nil
		out.Body, out.Paragraphs, out.Sentences = fixed.Body, nil, nil
		a = &fixed
	}
	d := newDoc(x.lx, a)
	d.analyse()
	ents, err := x.entities(ctx, d)
	if err != nil {
		return nil, err
	}
	out.Entities = ents
	out.Quotes = append(out.Quotes, d.extractQuotes()...)
	out.Events = append(out.Events, d.extractEvents()...)
	out.Enriched = true
	return out, nil
}

// NotEnrichedReason says why Extract would leave a marked not enriched, or ""
// when it enriches it. Only English is enriched; an article whose language is
// unknown ("") is enriched as English.
func NotEnrichedReason(a *events.Article) string {
	if a.Language != "" && !strings.EqualFold(a.Language, "en") {
		return fmt.Sprintf("language %q is not English (only English articles are enriched)", a.Language)
	}
	return ""
}

// entities assigns ids and renders the linked entities.
func (x *Extractor) entities(ctx context.Context, d *doc) ([]events.Entity, error) {
	var out []events.Entity
	for _, e := range d.link.entities {
		if len(e.Ments) == 0 {
			continue
		}
		c := Candidate{Type: e.Type, Name: e.Name, Key: foldKey(e.Name), First: e.First, Surname: e.Surname, Role: e.Role}
		e.ID = SlugID(c)
		if x.reg != nil {
			id, err := x.reg.Resolve(ctx, c)
			if err != nil {
				return nil, fmt.Errorf("extract: resolve %s %q: %w", e.Type, e.Name, err)
			}
			e.ID = id
		}
	}
	byEnt := make([][]int, len(d.link.entities))
	for mi, m := range d.mentions {
		if m.Ent >= 0 {
			byEnt[m.Ent] = append(byEnt[m.Ent], mi)
		}
	}
	for ei, e := range d.link.entities {
		if len(byEnt[ei]) == 0 {
			continue
		}
		ms := make([]events.Mention, 0, len(byEnt[ei]))
		var aliases []string
		for _, mi := range byEnt[ei] {
			m := d.mentions[mi]
			text := d.body[m.Start:m.End]
			ms = append(ms, events.Mention{Text: text, Start: m.Start, End: m.End, Kind: m.Kind})
			if (m.Kind == kindName || m.Kind == kindAlias) && text != e.Name && !slices.Contains(aliases, text) {
				aliases = append(aliases, text)
			}
		}
		sort.Slice(ms, func(i, j int) bool { return ms[i].Start < ms[j].Start })
		sort.Strings(aliases)
		out = append(out, events.Entity{ID: e.ID, Type: e.Type, Name: e.Name, Aliases: aliases, Mentions: ms})
	}
	if out == nil {
		out = []events.Entity{}
	}
	return out, nil
}
