package extract

import "strings"

// matchPattern matches p at token i of sentence s and returns the end token.
func (d *doc) matchPattern(p *pattern, i int) (int, bool) {
	j := i + 1
	s := d.toks[i].Sent
	for k := 1; k < len(p.Steps); k++ {
		step := p.Steps[k]
		if step == nil {
			continue
		}
		gap := k > 0 && p.Steps[k-1] == nil
		found := false
		for skipped := 0; j < len(d.toks) && d.toks[j].Sent == s && d.toks[j].Quote < 0; j++ {
			if d.isWord(j) {
				if contains(step, d.toks[j].Key) {
					found = true
					j++
					break
				}
				skipped++
				if !gap || skipped > 4 {
					break
				}
			} else if !gap {
				break
			}
		}
		if !found {
			return 0, false
		}
	}
	return j, true
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// triggersIn returns the best pattern match at each word of sentence s outside quotes.
func (d *doc) triggersIn(s int) []trigger {
	var out []trigger
	sp := d.sents[s]
	for i := d.tokenAt(sp.Start); i < len(d.toks) && d.toks[i].Start < sp.End; i++ {
		t := d.toks[i]
		if t.Quote >= 0 || !d.isWord(i) || (t.Cap && !t.Initial) {
			continue
		}
		ps := d.lx.patterns[t.Key]
		var best *trigger
		for _, p := range ps {
			end, ok := d.matchPattern(p, i)
			if !ok {
				continue
			}
			if best == nil || len(p.Steps) > len(best.p.Steps) {
				best = &trigger{p: p, T0: i, T1: end}
			}
		}
		if best == nil || (!best.p.Nominal && d.nominalUse(i)) {
			continue
		}
		if n := len(out); n > 0 && i < out[n-1].T1 {
			continue // inside the words of the previous trigger ("air attack")
		}
		for k := i - 1; k >= 0 && k >= i-3 && d.toks[k].Sent == s; k-- {
			if d.toks[k].Key == "not" || d.toks[k].Key == "never" || strings.HasSuffix(d.toks[k].Key, "n t") {
				best.neg = true
			}
		}
		out = append(out, *best)
	}
	return out
}

// nounDeterminers open a noun phrase: a verb pattern's word after them is a noun.
var nounDeterminers = map[string]bool{"a": true, "an": true, "the": true, "its": true, "their": true, "this": true,
	"any": true, "every": true, "each": true, "no": true, "his": true, "her": true, "our": true, "further": true}

// nominalUse reports a verb pattern's trigger used as a noun: "an immediate
// and full 30-day halt", "the fighting".
func (d *doc) nominalUse(t int) bool {
	for j := t - 1; j >= 0 && j >= t-5 && d.toks[j].Sent == d.toks[t].Sent; j-- {
		k := d.toks[j].Key
		switch {
		case nounDeterminers[k]:
			return true
		case j == t-1 && strings.HasSuffix(d.toks[t].Key, "ing") && (k == "from" || k == "of" || k == "about" || k == "against" || k == "by"):
			return true // "deter X from attacking", "accused of using": not an event of its own
		case !d.isWord(j) || d.toks[j].Cap || clauseVerbs[k] || k == "to" || k == "that" || k == "who" || k == "which" ||
			k == "not" || k == "also" || k == "kept" || k == "been":
			return false
		}
		if _, ok := d.lx.patterns[k]; ok {
			return false
		}
		if _, ok := d.lx.speech[k]; ok {
			return false
		}
	}
	return false
}

var beForms = map[string]bool{"been": true, "was": true, "were": true, "is": true, "are": true, "be": true, "being": true}

// isPassive reports "has been accused", "was attacked".
func (d *doc) isPassive(t int) bool {
	k := d.toks[t].Key
	if t+1 < len(d.toks) && d.toks[t+1].Key == "to" {
		return false // "prepared to", "expected to": an adjective, not a passive
	}
	if !strings.HasSuffix(k, "ed") && !strings.HasSuffix(k, "en") && k != "hit" && k != "struck" && k != "shot" {
		return false
	}
	for j := t - 1; j >= 0 && j >= t-2; j-- {
		if beForms[d.toks[j].Key] {
			return true
		}
	}
	return false
}
