// Package extract turns a parsed article into Tidings' record: named
// entities with every mention, quotes with their speakers, and events coded
// in CAMEO. It is a pure library (no I/O besides an optional ids.Registry),
// fast enough to run well under a millisecond on a 600-word article, and
// safe for concurrent use.
//
// Extraction is a pipeline of named passes over typed layers (package
// layer); the order is written once, in Passes. Each pass is a package with
// one job:
//
//   - tokens: words, numbers and punctuation with byte offsets
//   - sentences: paragraphs and sentences (the parser's, or split here)
//   - quotemarks: quotation regions, continued across paragraphs
//   - spans: names as typed token spans, from a spans.Recogniser (the
//     trained entity tagger, spans.Tagged, unless Options.Recogniser says
//     otherwise; spans.Rules is the rules alone)
//   - speakernames: the name of someone who speaks is a person's ("Sanders
//     said" when the recogniser found nothing there)
//   - titles: honorifics, titles, nationalities and appositions around names
//   - pronouns: personal pronouns as mentions
//   - unnamed: unnamed speakers ("a Number 10 spokesman")
//   - entities: one entity per real-world entity of the article, aliases
//     and titles used alone linked to it
//   - agents: who can speak or act per sentence; pronouns resolved
//   - ids: canonical ids across articles (ids.Registry)
//   - quotes: direct speech and its speakers
//   - events: CAMEO events with actors, targets, place and time
//
// Every word list is a data file of package lexicon, embedded and parsed
// once by a typed loader.
package extract

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/enricher/extract/agents"
	"github.com/tidings-news/tidings/services/enricher/extract/cameo"
	"github.com/tidings-news/tidings/services/enricher/extract/entities"
	"github.com/tidings-news/tidings/services/enricher/extract/ids"
	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
	"github.com/tidings-news/tidings/services/enricher/extract/pronouns"
	"github.com/tidings-news/tidings/services/enricher/extract/quotemarks"
	"github.com/tidings-news/tidings/services/enricher/extract/quotes"
	"github.com/tidings-news/tidings/services/enricher/extract/sentences"
	"github.com/tidings-news/tidings/services/enricher/extract/spans"
	"github.com/tidings-news/tidings/services/enricher/extract/speakernames"
	"github.com/tidings-news/tidings/services/enricher/extract/titles"
	"github.com/tidings-news/tidings/services/enricher/extract/tokens"
	"github.com/tidings-news/tidings/services/enricher/extract/unnamed"
	"github.com/tidings-news/tidings/services/enricher/tagger"
	"github.com/tidings-news/tidings/services/enricher/tagger/model"
)

// Version is the extractor's version, recorded in every enriched record.
const Version = "0.1.0"

// Options configures an Extractor.
type Options struct {
	// Registry gives canonical ids across articles; nil means the
	// deterministic slug of each entity's name.
	Registry ids.Registry
	// Recogniser finds the names (the spans pass); nil means spans.Tagged,
	// the trained entity tagger with the rules that run after it
	// (spans.NewRules gives the rules alone).
	Recogniser spans.Recogniser
	// Now returns the enrichment time (time.Now if nil).
	Now func() time.Time
	// MaxBytes is the most of a body extracted (0: DefaultMaxBytes;
	// negative: all of it). See Extractor.Extracted.
	MaxBytes int
}

// DefaultMaxBytes is the most of an article's body extracted by default: the
// first MiB (some 170,000 words, a long book; a news article is a hundredth
// of it). The record keeps the whole body; what a longer one names past the
// cut is not extracted. Time and memory then stay bounded whatever the
// document (a 20 MB one named 65,000 events and 270,000 mentions, a record
// of 72 MB as JSON, stored in a minute and 1.6 GB of memory).
const DefaultMaxBytes = 1 << 20

// Extractor turns parsed articles into enriched records. It is safe for
// concurrent use.
type Extractor struct {
	passes   []layer.Pass
	now      func() time.Time
	maxBytes int
	docs     sync.Pool // *layer.Doc whose layers' storage is reused
}

// Passes returns the extraction passes in the order they run. A nil
// recogniser is spans.Tagged, the trained entity tagger (its model decoded
// on first use); a nil registry gives slug ids.
func Passes(lx *lexicon.Lexicon, rec spans.Recogniser, reg ids.Registry) []layer.Pass {
	if rec == nil {
		rec = spans.NewTagged(lx, tagger.NewLazy(model.Bytes()))
	}
	return []layer.Pass{
		layer.LexPass("tokens", lx, tokens.Run),
		layer.LexPass("sentences", lx, sentences.Run),
		quotemarks.Pass{},
		spans.New(rec),
		layer.LexPass("speakernames", lx, speakernames.Run),
		layer.LexPass("titles", lx, titles.Run),
		layer.LexPass("pronouns", lx, pronouns.Run),
		layer.LexPass("unnamed", lx, unnamed.Run),
		layer.LexPass("entities", lx, entities.Run),
		layer.LexPass("agents", lx, agents.Run),
		ids.New(reg),
		layer.LexPass("quotes", lx, quotes.Run),
		layer.LexPass("events", lx, cameo.Run),
	}
}

// New returns an Extractor with the embedded lexicons.
func New(opts Options) (*Extractor, error) {
	lx, err := lexicon.Load()
	if err != nil {
		return nil, fmt.Errorf("extract: load lexicons: %w", err)
	}
	x := &Extractor{passes: Passes(lx, opts.Recogniser, opts.Registry), now: opts.Now, maxBytes: opts.MaxBytes}
	if x.now == nil {
		x.now = time.Now
	}
	if x.maxBytes == 0 {
		x.maxBytes = DefaultMaxBytes
	}
	return x, nil
}

// Extracted is how many bytes of a's body Extract reads: all of it, or, for
// a body over the extractor's MaxBytes, up to the last paragraph (else
// sentence, else space) boundary within it.
func (x *Extractor) Extracted(a *events.Article) int {
	if x.maxBytes < 0 || len(a.Body) <= x.maxBytes {
		return len(a.Body)
	}
	return windowEnd(a, 0, x.maxBytes)
}

// head is the first n bytes of a as an article of its own (n a boundary of
// Extracted): offsets into it are offsets into a.
func head(a *events.Article, n int) *events.Article {
	h := *a
	h.Body = a.Body[:n]
	h.Paragraphs = spansBefore(a.Paragraphs, n)
	h.Sentences = spansBefore(a.Sentences, n)
	return &h
}

// spansBefore is the leading spans of ss (in body order) that end by n.
func spansBefore(ss []events.Span, n int) []events.Span {
	return ss[:sort.Search(len(ss), func(i int) bool { return ss[i].End > n })]
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
	if n := x.Extracted(a); n < len(a.Body) {
		a = head(a, n)
	}
	if len(a.Body) > WindowBytes {
		if err := x.extractWindows(ctx, a, out); err != nil {
			return nil, err
		}
		out.Enriched = true
		return out, nil
	}
	d := x.doc(a)
	defer x.release(d)
	if err := x.annotate(ctx, d); err != nil {
		return nil, err
	}
	out.Entities = renderEntities(d)
	out.Quotes = append(out.Quotes, d.Quotes...)
	out.Events = append(out.Events, d.Events...)
	out.Enriched = true
	return out, nil
}

// doc returns a document for a, reusing the storage of an earlier one.
func (x *Extractor) doc(a *events.Article) *layer.Doc {
	d, _ := x.docs.Get().(*layer.Doc)
	if d == nil {
		return layer.NewDoc(a)
	}
	d.Reset(a)
	return d
}

// release keeps d's storage for another article; nothing may use d after.
func (x *Extractor) release(d *layer.Doc) {
	d.Reset(nil)
	x.docs.Put(d)
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

// Annotate runs every pass over a (whose body must be valid UTF-8) and
// returns the annotated document.
func (x *Extractor) Annotate(ctx context.Context, a *events.Article) (*layer.Doc, error) {
	d := layer.NewDoc(a)
	if err := x.annotate(ctx, d); err != nil {
		return nil, err
	}
	return d, nil
}

// annotate runs every pass over d.
func (x *Extractor) annotate(ctx context.Context, d *layer.Doc) error {
	for _, p := range x.passes {
		if err := p.Run(ctx, d); err != nil {
			return fmt.Errorf("extract: %s: %w", p.Name(), err)
		}
	}
	return nil
}

// renderEntities renders the linked entities with their mentions.
func renderEntities(d *layer.Doc) []events.Entity {
	// Each entity's mentions, in d.Mentions order, in one array: entity ei's
	// are all[first[ei]:first[ei+1]].
	first := make([]int, len(d.Entities)+1)
	for mi := range d.Mentions {
		if ei := d.Mentions[mi].Ent; ei >= 0 {
			first[ei+1]++
		}
	}
	for ei := range d.Entities {
		first[ei+1] += first[ei]
	}
	all := make([]events.Mention, first[len(d.Entities)])
	next := slices.Clone(first[:len(d.Entities)])
	for mi := range d.Mentions {
		if m := &d.Mentions[mi]; m.Ent >= 0 {
			all[next[m.Ent]] = events.Mention{Text: d.Body[m.Start:m.End], Start: m.Start, End: m.End, Kind: string(m.Kind)}
			next[m.Ent]++
		}
	}
	out := make([]events.Entity, 0, len(d.Entities))
	for ei, e := range d.Entities {
		ms := all[first[ei]:first[ei+1]:first[ei+1]]
		if len(ms) == 0 {
			continue
		}
		var aliases []string
		for _, m := range ms {
			if (m.Kind == string(layer.KindName) || m.Kind == string(layer.KindAlias)) && m.Text != e.Name && !slices.Contains(aliases, m.Text) {
				aliases = append(aliases, m.Text)
			}
		}
		slices.SortFunc(ms, func(a, b events.Mention) int { return cmp.Compare(a.Start, b.Start) })
		sort.Strings(aliases)
		out = append(out, events.Entity{ID: e.ID, Type: string(e.Type), Name: e.Name, Aliases: aliases, Mentions: ms})
	}
	return out
}
