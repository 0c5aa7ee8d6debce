package extract

import (
	"sort"

	"github.com/tidings-news/tidings/pkg/events"
)

// doc is one article while it is being analysed.
type doc struct {
	lx       *lexicon
	a        *events.Article
	body     string
	paras    []span
	sents    []span
	toks     []token
	quotes   []quote
	rec      *recognizer
	mentions []mention
	roles    []roleHit
	unnamed  []unnamed
	link     *linker
	agents   [][]agent // per sentence
	subjects []int     // per sentence: person entity of the subject, -1 if none
}

// newDoc tokenises the article and marks sentences, paragraphs and quotes.
func newDoc(lx *lexicon, a *events.Article) *doc {
	d := &doc{lx: lx, a: a, body: a.Body}
	d.paras = paragraphs(a)
	d.sents = sentences(a, d.paras, lx)
	d.toks = tokenize(a.Body)
	d.quotes = findQuotes(a.Body, d.paras)
	d.markTokens()
	return d
}

// markTokens sets each token's sentence, quote and sentence-initial flag.
func (d *doc) markTokens() {
	si, qi := 0, 0
	prevSent := -1
	for i := range d.toks {
		t := &d.toks[i]
		for si < len(d.sents)-1 && t.Start >= d.sents[si].End {
			si++
		}
		t.Sent = si
		for qi < len(d.quotes) && t.Start >= d.quotes[qi].End {
			qi++
		}
		if qi < len(d.quotes) && t.Start >= d.quotes[qi].Start && t.End <= d.quotes[qi].End {
			t.Quote = qi
		}
		if t.Kind == tWord || t.Kind == tNum {
			if si != prevSent {
				t.Initial = true
				prevSent = si
			} else if j := i - 1; j >= 0 {
				p := d.toks[j].Text
				if p == ":" || p == "\u201c" || p == "\u2018" || (p == "\"" && t.Quote >= 0 && (j == 0 || d.toks[j].Quote < 0)) ||
					p == "(" || p == "\u2013" || p == "\u2014" || p == "-" {
					t.Initial = true
				}
				if d.toks[j].Quote != t.Quote && t.Quote >= 0 {
					t.Initial = true
				}
			}
		}
	}
}

func (d *doc) isWord(i int) bool {
	return i >= 0 && i < len(d.toks) && (d.toks[i].Kind == tWord || d.toks[i].Kind == tNum)
}

// tokenKeys returns the folded words of tokens [t0, t1).
func (d *doc) tokenKeys(t0, t1 int) []string {
	out := make([]string, 0, t1-t0)
	for i := t0; i < t1; i++ {
		if d.isWord(i) {
			out = append(out, d.toks[i].Key)
		}
	}
	return out
}

// tokenAt returns the index of the first token starting at or after pos.
func (d *doc) tokenAt(pos int) int {
	return sort.Search(len(d.toks), func(i int) bool { return d.toks[i].Start >= pos })
}

// analyse runs recognition and linking.
func (d *doc) analyse() {
	d.rec = &recognizer{lx: d.lx, body: d.body, toks: d.toks}
	d.rec.run()
	d.mentions = d.rec.mentions
	d.roles = d.rec.roles
	d.unnamed = d.rec.unnamed
	d.link = &linker{d: d}
	d.link.link()
	d.mentions = d.rec.mentions
	d.buildAgents()
}
