package lexicon

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tidings-news/tidings/pkg/words"
	"github.com/tidings-news/tidings/services/enricher/extract/fold"
)

// CameoCode is one row of the CAMEO event table.
type CameoCode struct {
	Code      string
	Label     string
	QuadClass int
	Goldstein float64
}

// TargetKind says where a pattern's target stands.
type TargetKind uint8

// Target kinds.
const (
	TargetObject  TargetKind = iota // the first name after the trigger in its clause
	TargetPrep                      // the first name after one of the pattern's prepositions
	TargetNone                      // no target
	TargetSubject                   // the clause's subject; the name after the trigger acts ("came under fire from X")
)

// Pattern is one entry of the CAMEO verb lexicon (data/cameo_verbs.tsv):
// a trigger word and what must follow it, the code, and where the event's
// participants stand.
type Pattern struct {
	Code  string
	Steps [][]string // alternatives per step; a nil step is a gap of up to four words
	// Target says where the target stands; Preps are the prepositions of
	// TargetPrep, and OrObject lets the object be the target too ("obj|from").
	Target   TargetKind
	Preps    []string
	OrObject bool
	// Passive holds the trigger's forms that are participles in a passive.
	Passive   map[string]bool
	Nominal   bool // n: a noun; its actor is a modifier right before it
	ToLoc     bool // t: the name after "to" is where it happens
	Statement bool // s: a statement
	Object    bool // o: the target follows the trigger at once
	Mutual    bool // m: subjects joined by "and" with no target pair up
	// Directive (i): only when "to" or a quotation follows the target.
	Directive bool
}

// cameoVerbs is the table of the CAMEO verb lexicon.
func (lx *Lexicon) cameoVerbs() *words.Table {
	return &words.Table{File: "cameo_verbs.tsv", Columns: []string{"code", "pattern", "target", "passive", "flags"},
		Required: []string{"code", "pattern"}, Flags: "ntsomi", Row: lx.addPattern}
}

func (lx *Lexicon) addPattern(r words.Row) error {
	p := &Pattern{Code: r.Get("code"), Nominal: r.Has('n'), ToLoc: r.Has('t'), Statement: r.Has('s'), Object: r.Has('o'), Mutual: r.Has('m'), Directive: r.Has('i')}
	for _, w := range strings.Fields(r.Get("pattern")) {
		if w == "..." {
			p.Steps = append(p.Steps, nil)
			continue
		}
		var alts []string
		for _, a := range strings.Split(w, "|") {
			alts = append(alts, fold.Key(a))
		}
		p.Steps = append(p.Steps, alts)
	}
	if p.Steps[0] == nil {
		return fmt.Errorf("pattern cannot start with a gap")
	}
	if err := p.setTarget(r.Get("target")); err != nil {
		return err
	}
	for _, f := range splitAlts(r.Get("passive")) {
		if !slices.Contains(p.Steps[0], fold.Key(f)) {
			return fmt.Errorf("passive form %q is not one of the trigger's forms", f)
		}
		if p.Passive == nil {
			p.Passive = map[string]bool{}
		}
		p.Passive[fold.Key(f)] = true
	}
	for _, trig := range p.Steps[0] {
		lx.Patterns[trig] = append(lx.Patterns[trig], p)
	}
	return nil
}

// setTarget reads the target column: empty, none, subj or prepositions.
func (p *Pattern) setTarget(s string) error {
	switch s {
	case "":
		p.Target = TargetObject
	case "none":
		p.Target = TargetNone
	case "subj":
		p.Target = TargetSubject
	default:
		p.Target = TargetPrep
		for _, w := range splitAlts(s) {
			if strings.ContainsAny(w, " \t") || w != strings.ToLower(w) || w == "none" || w == "subj" {
				return fmt.Errorf("target %q: want none, subj, or lower-case prepositions and obj", s)
			}
			if w == "obj" {
				p.OrObject = true
				continue
			}
			p.Preps = append(p.Preps, w)
		}
	}
	return nil
}
