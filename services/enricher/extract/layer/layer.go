// Package layer holds the typed layers one article is annotated with while
// it goes through the extraction passes — tokens, sentences, quotation
// regions, mentions, entities, agents, quotes, events — and the Pass
// interface every pass implements. A pass reads the layers of the passes
// before it and writes its own.
package layer

import (
	"context"
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
)

// Pass is one named step of the extraction.
type Pass interface {
	// Name is the pass's name ("tokens", "quotes").
	Name() string
	// Run reads the layers of the passes before it and writes its own.
	Run(ctx context.Context, d *Doc) error
}

// LexFunc writes the layers of a pass that reads, besides the layers
// before it, only the lexicon.
type LexFunc func(ctx context.Context, d *Doc, lx *lexicon.Lexicon) error

// LexPass is the pass named name that runs f with lx.
func LexPass(name string, lx *lexicon.Lexicon, f LexFunc) Pass { return lexPass{name, lx, f} }

// lexPass is a LexFunc with its name and lexicon.
type lexPass struct {
	name string
	lx   *lexicon.Lexicon
	f    LexFunc
}

// Name implements Pass.
func (p lexPass) Name() string { return p.name }

// Run implements Pass.
func (p lexPass) Run(ctx context.Context, d *Doc) error { return p.f(ctx, d, p.lx) }

// EntityType is the type of a named entity.
type EntityType string

// Entity types.
const (
	Person EntityType = "PERSON"
	Org    EntityType = "ORG"
	Loc    EntityType = "LOC"
	Norp   EntityType = "NORP" // nationalities, religious and political groups
)

// MentionKind says how a mention names its entity.
type MentionKind string

// Mention kinds.
const (
	KindName    MentionKind = "name"    // the entity's name ("Ivo Marsh")
	KindAlias   MentionKind = "alias"   // a shorter or other form ("Mr Marsh", "Marsh")
	KindRole    MentionKind = "role"    // a title used alone ("the prime minister")
	KindPronoun MentionKind = "pronoun" // "he", "her"
)

// Span is a half-open byte range of the body.
type Span struct{ Start, End int }

// Doc is one article while it is being annotated.
type Doc struct {
	Article *events.Article
	Body    string

	Paras []Span  // paragraphs (sentences pass)
	Sents []Span  // sentences (sentences pass)
	Toks  []Token // tokens (tokens pass; sentences and quotation marks set their Sent, Quote and Initial)
	// QuoteRegions are the stretches between quotation marks (quotemarks pass).
	QuoteRegions []QuoteRegion

	Mentions []Mention // names (spans), pronouns, titles used alone (entities)
	Roles    []RoleHit // titles and offices (titles pass)
	Unnamed  []Unnamed // unnamed speakers ("a Number 10 spokesman")
	Entities []*Entity // one per real-world entity of the article (entities pass)

	Agents   [][]Agent // per sentence: who can speak or act (agents pass)
	Subjects []int     // per sentence: entity of the subject, -1 if none (agents pass)

	Quotes []events.Quote // quotes pass
	Events []events.Event // events pass

	// MentionBuf is storage for mentions a pass needs only while it runs,
	// kept from one document to the next by Reset: the recogniser returns
	// its names in it (the spans pass copies them into Mentions), then the
	// entities pass sorts a copy of Mentions in it.
	MentionBuf []Mention
}

// NewDoc returns a document for a, with no layers yet.
func NewDoc(a *events.Article) *Doc {
	return &Doc{Article: a, Body: a.Body}
}

// Reset makes d a document for a (nil: for none) with no layers, keeping
// the storage of its token and mention layers and of MentionBuf for the passes
// to reuse.
// Nothing may hold on to d's layers from before.
func (d *Doc) Reset(a *events.Article) {
	toks, ments, names := d.Toks[:0], d.Mentions[:0], d.MentionBuf[:0]
	*d = Doc{Article: a, Toks: toks, Mentions: ments, MentionBuf: names}
	if a != nil {
		d.Body = a.Body
	}
}

// IsWord reports whether token i exists and is a word or a number.
func (d *Doc) IsWord(i int) bool {
	return i >= 0 && i < len(d.Toks) && (d.Toks[i].Kind == Word || d.Toks[i].Kind == Num)
}

// CapWord reports whether token i is a capitalised word.
func (d *Doc) CapWord(i int) bool {
	return d.IsWord(i) && d.Toks[i].Cap && d.Toks[i].Kind == Word
}

// SameRun reports whether token j continues the phrase of token j-1 (same
// sentence, no punctuation between, both in or both out of the same quote).
func (d *Doc) SameRun(j int) bool {
	return j > 0 && j < len(d.Toks) && d.Toks[j].Sent == d.Toks[j-1].Sent && d.Toks[j].Quote == d.Toks[j-1].Quote
}

// TokenKeys returns the folded words of tokens [t0, t1).
func (d *Doc) TokenKeys(t0, t1 int) []string {
	out := make([]string, 0, t1-t0)
	for i := t0; i < t1; i++ {
		if d.IsWord(i) {
			out = append(out, d.Toks[i].Key)
		}
	}
	return out
}

// TokenAt returns the index of the first token starting at or after pos.
func (d *Doc) TokenAt(pos int) int {
	return sort.Search(len(d.Toks), func(i int) bool { return d.Toks[i].Start >= pos })
}

// IsPerson reports whether entity ei is a person.
func (d *Doc) IsPerson(ei int) bool {
	return ei >= 0 && d.Entities[ei].Type == Person
}

// IsNORP reports whether entity ei is a nationality or group.
func (d *Doc) IsNORP(ei int) bool {
	return ei >= 0 && d.Entities[ei].Type == Norp
}

// AddMention completes m from its tokens (offsets unless already set,
// sentence, quote, canonical name) and appends it, not yet linked.
func (d *Doc) AddMention(m Mention) {
	if m.End == 0 {
		m.Start, m.End = d.Toks[m.T0].Start, d.Toks[m.T1-1].End
	}
	m.Quote = d.Toks[m.T0].Quote
	m.Sent = d.Toks[m.T0].Sent
	m.Ent = -1
	if m.Canon == "" {
		m.Canon = d.Body[m.Start:m.End]
	}
	d.Mentions = append(d.Mentions, m)
}

// GazType is the entity type of a gazetteer entry.
func GazType(e *lexicon.GazEntry) EntityType { return EntityType(e.Type) }

// TrimSpan narrows [s, e) of body to exclude leading and trailing white space.
func TrimSpan(body string, s, e int) (int, int) {
	for s < e {
		r, n := utf8.DecodeRuneInString(body[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		s += n
	}
	for e > s {
		r, n := utf8.DecodeLastRuneInString(body[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		e -= n
	}
	return s, e
}

// MentionsBySentence returns, for each sentence, the indexes of its mentions
// in d.Mentions order, so that passes looking for mentions near another one
// look in its sentence instead of the whole article.
func (d *Doc) MentionsBySentence() [][]int {
	return bySentence(len(d.Sents), len(d.Mentions), func(i int) int { return d.Mentions[i].Sent })
}

// UnnamedBySentence is MentionsBySentence for the unnamed speakers.
func (d *Doc) UnnamedBySentence() [][]int {
	return bySentence(len(d.Sents), len(d.Unnamed), func(i int) int { return d.Unnamed[i].Sent })
}

// bySentence groups items 0..n-1 by their sentence (sentOf) in order, items
// outside every sentence in a last row: rows of one backing array, each
// capped at its length (appending to one copies it), nil when empty.
func bySentence(sents, n int, sentOf func(int) int) [][]int {
	rowOf := func(i int) int {
		if s := sentOf(i); s >= 0 && s < sents {
			return s
		}
		return sents
	}
	by := make([][]int, sents+1)
	counts := make([]int, sents+2)
	for i := range n {
		counts[rowOf(i)+1]++
	}
	for s := 1; s < len(counts); s++ {
		counts[s] += counts[s-1] // counts[s]: where row s starts
	}
	all := make([]int, n)
	for i := range n {
		s := rowOf(i)
		k := counts[s] + len(by[s])
		all[k] = i
		by[s] = all[counts[s] : k+1 : k+1]
	}
	return by
}
