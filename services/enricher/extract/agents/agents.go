// Package agents is the extraction pass that lists, per sentence, who can
// speak or act outside quotes (linked mentions, pronouns and unnamed
// speakers), resolves pronouns to the subject of their sentence or of a
// sentence before (with cataphora for "Asked whether he …, Sir Alan said",
// and skipping people whose honorific or given name says another gender),
// and records each sentence's subject.
package agents

import (
	"cmp"
	"context"
	"slices"

	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
)

// pass holds the lexicon for the methods of Run.
type pass struct{ lx *lexicon.Lexicon }

// Run is the agents pass: it writes the agent and subject layers and
// links pronouns.
func Run(_ context.Context, d *layer.Doc, lx *lexicon.Lexicon) error {
	p := &pass{lx: lx}
	ix := index{ments: d.MentionsBySentence(), unnamed: d.UnnamedBySentence()}
	// The agents in the order found: mention mi as mi, unnamed speaker ui as
	// -1-ui, with the sentence of each.
	picks, sents := make([]int, 0, len(d.Mentions)+len(d.Unnamed)), make([]int, 0, len(d.Mentions)+len(d.Unnamed))
	for mi, m := range d.Mentions {
		if m.Quote >= 0 || (m.Ent < 0 && m.Kind != layer.KindPronoun) || m.Sent >= len(d.Sents) || ix.insideOther(d, mi) || ix.qualifiesName(d, mi) {
			continue
		}
		picks, sents = append(picks, mi), append(sents, m.Sent)
	}
	for ui, u := range d.Unnamed {
		if u.Quote >= 0 || u.Sent >= len(d.Sents) {
			continue
		}
		picks, sents = append(picks, -1-ui), append(sents, u.Sent)
	}
	d.Agents = p.bySentence(d, picks, sents)
	d.Subjects = make([]int, len(d.Sents))
	for s := range d.Agents {
		as := d.Agents[s]
		slices.SortFunc(as, func(a, b layer.Agent) int { return cmp.Compare(a.Start, b.Start) })
		for i := range as {
			if as[i].Pronoun {
				as[i].Ent = p.resolvePronoun(d, s, i)
				if as[i].Ent >= 0 {
					d.Mentions[as[i].Mention].Ent = as[i].Ent
				}
			}
		}
		d.Subjects[s] = subjectOf(d, s)
	}
	return nil
}

// mentionAgent makes the agent of mention mi, with the title, honorific and
// determiner before it.
func (p *pass) mentionAgent(d *layer.Doc, mi int) layer.Agent {
	m := d.Mentions[mi]
	a := layer.Agent{T0: m.T0, T1: m.T1, Start: m.Start, End: m.End, Ent: m.Ent, Pronoun: m.Kind == layer.KindPronoun,
		Initial: d.Toks[m.T0].Initial, Mention: mi}
	// a title before the name belongs to the agent ("the Home Secretary Priya Venn")
	t0 := m.T0
	a.RoleT0 = -1
	if m.RoleT1 > 0 && m.RoleT1 <= m.T0 {
		t0 = m.RoleT0
		a.RoleT0 = m.RoleT0
	}
	if m.Honor != "" && m.HonorT0 >= 0 && m.HonorT0 < t0 {
		t0 = m.HonorT0
	}
	if t0 > 0 && (d.Toks[t0-1].Key == "the" || d.Toks[t0-1].Key == "a") {
		t0--
	}
	if j := t0 - 1; j >= 0 && d.Toks[j].Sent == m.Sent {
		a.Prep = p.lx.Cues.Prepositions.In(d.Toks[j].Class)
	}
	a.Initial = a.Initial || d.Toks[t0].Initial
	a.T0 = t0
	a.Poss = m.T1 < len(d.Toks) && d.Toks[m.T1].Kind == layer.Poss && m.Kind != layer.KindPronoun || p.modifier(d, m, t0)
	return a
}

// index holds the mentions and unnamed speakers of each sentence (see
// layer.Doc.MentionsBySentence), so that each check looks only near its
// mention: an article's mentions are checked in linear time.
type index struct{ ments, unnamed [][]int }

// near returns the rows of by for sentences s-1 to s+1.
func near(by [][]int, s int) [][]int {
	lo, hi := max(s-1, 0), min(s+2, len(by))
	if lo >= hi {
		return nil
	}
	return by[lo:hi]
}

// modifier reports a person's name used as a modifier of a noun after an
// article: "the Clinton campaign", "The Sanders approach".
func (p *pass) modifier(d *layer.Doc, m layer.Mention, t0 int) bool {
	if m.Type != layer.Person || m.Kind == layer.KindPronoun || m.RoleT1 > 0 || t0 >= m.T0 || m.T1 >= len(d.Toks) {
		return false
	}
	if k := d.Toks[t0].Key; k != "the" && k != "a" {
		return false
	}
	n := d.Toks[m.T1]
	return n.Kind == layer.Word && !n.Cap && n.Class&lexicon.ClassSpeech == 0 && !p.lx.Cues.ClauseVerbs.In(n.Class) &&
		!p.lx.Cues.RelativePronouns.In(n.Class)
}

// insideOther reports whether mention mi lies inside a longer linked
// mention or an unnamed speaker ("Russian" in "the Russian president").
func (ix index) insideOther(d *layer.Doc, mi int) bool {
	m := &d.Mentions[mi]
	for _, row := range near(ix.ments, m.Sent) {
		for _, j := range row {
			o := &d.Mentions[j]
			if j != mi && o.Ent >= 0 && o.Start <= m.Start && o.End >= m.End && o.End-o.Start > m.End-m.Start {
				return true
			}
		}
	}
	for _, row := range near(ix.unnamed, m.Sent) {
		for _, j := range row {
			if u := &d.Unnamed[j]; u.Start <= m.Start && u.End >= m.End {
				return true
			}
		}
	}
	return false
}

// qualifiesName reports a body, place or nationality that only qualifies a
// title before a name: "Kremlin" in "Kremlin spokesman Ivan Sorokin".
func (ix index) qualifiesName(d *layer.Doc, mi int) bool {
	m := &d.Mentions[mi]
	if m.Type == layer.Person {
		return false
	}
	for _, row := range near(ix.ments, m.Sent) {
		for _, j := range row {
			o := &d.Mentions[j]
			if o.Type == layer.Person && o.RoleT1 > o.RoleT0 && o.RoleT0 >= m.T1 && o.RoleT0 <= m.T1+1 {
				return true
			}
		}
	}
	return false
}

// bySentence makes the agents picked (see Run) and groups them by sentence,
// keeping their order: rows of one array, each capped at its length, nil
// for a sentence without agents.
func (p *pass) bySentence(d *layer.Doc, picks, sents []int) [][]layer.Agent {
	first := make([]int, len(d.Sents)+1)
	for _, s := range sents {
		first[s+1]++
	}
	for s := range len(d.Sents) {
		first[s+1] += first[s]
	}
	all := make([]layer.Agent, len(picks))
	rows := make([][]layer.Agent, len(d.Sents))
	for i, s := range sents {
		k := first[s] + len(rows[s])
		if mi := picks[i]; mi >= 0 {
			all[k] = p.mentionAgent(d, mi)
		} else {
			all[k] = p.unnamedAgent(d, -1-mi)
		}
		rows[s] = all[first[s] : k+1 : k+1]
	}
	return rows
}

// unnamedAgent is the agent of unnamed speaker ui.
func (p *pass) unnamedAgent(d *layer.Doc, ui int) layer.Agent {
	u := &d.Unnamed[ui]
	a := layer.Agent{T0: u.T0, T1: u.T1, Start: u.Start, End: u.End, Ent: -1, Name: d.Body[u.Start:u.End],
		Initial: d.Toks[u.T0].Initial, Mention: -1, RoleT0: -1}
	if j := u.T0 - 1; j >= 0 && d.Toks[j].Sent == u.Sent {
		a.Prep = p.lx.Cues.Prepositions.In(d.Toks[j].Class)
	}
	return a
}
