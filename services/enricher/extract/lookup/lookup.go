// Package lookup finds the lexicon's phrases in the token layer: the
// longest gazetteer name, title or honorific starting at a token.
package lookup

import (
	"bytes"
	"strings"

	"github.com/tidings-news/tidings/services/enricher/extract/fold"
	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
)

// Gaz returns the longest gazetteer match starting at token i and its length in tokens.
func Gaz(d *layer.Doc, lx *lexicon.Lexicon, i int) (*lexicon.GazEntry, int) {
	if !d.IsWord(i) {
		return nil, 0
	}
	t := &d.Toks[i]
	if !(t.Cap || t.Key == "the") || t.Class&lexicon.ClassGazStart == 0 {
		return nil, 0
	}
	var best *lexicon.GazEntry
	bestN := 0
	var buf [64]byte // the phrase's folded key, built in place
	key := buf[:0]
	upper := true
	for k := i; k < len(d.Toks) && k-i < lx.GazMax(); k++ {
		tk := &d.Toks[k]
		if k > i && (!d.SameRun(k) || !(d.IsWord(k) || tk.Kind == layer.Poss)) {
			break
		}
		if k > i {
			key = append(key, ' ')
		}
		key = append(key, tk.Key...)
		upper = upper && tk.Upper
		n := k - i + 1
		capOK := tk.Cap || tk.Kind == layer.Num || (n == 1 && tk.Key == "the")
		if capOK && !(n == 1 && tk.Key == "the") {
			if e := lx.LookupGaz(string(key), upper); e != nil {
				if t.Key != "the" || strings.HasPrefix(fold.Key(e.Canon), "the ") || bytes.HasPrefix(key, []byte("the ")) {
					best, bestN = e, n
				}
			}
		}
		if !lx.GazPrefix(string(key)) {
			break
		}
		if !tk.Cap && !lx.Cues.Connectors.In(tk.Class) && tk.Kind != layer.Num && tk.Kind != layer.Poss {
			break
		}
	}
	return best, bestN
}

// Role returns the longest title starting at token i and its length in tokens.
func Role(d *layer.Doc, lx *lexicon.Lexicon, i int) (lexicon.Role, int) {
	if !d.IsWord(i) || d.Toks[i].Class&lexicon.ClassRoleStart == 0 {
		return lexicon.Role{}, 0
	}
	var best lexicon.Role
	bestN := 0
	var buf [64]byte // the phrase's folded key, built in place
	key := buf[:0]
	for k := i; k < len(d.Toks) && k-i < lx.RoleMax(); k++ {
		if !d.IsWord(k) || (k > i && !d.SameRun(k)) {
			break
		}
		if k > i {
			key = append(key, ' ')
		}
		key = append(key, d.Toks[k].Key...)
		if re, found := lx.LookupRole(string(key)); found && !(string(key) == "pm" && !d.Toks[i].Upper) {
			best, bestN = re, k-i+1
		}
		if !lx.RolePrefix(string(key)) {
			break
		}
	}
	return best, bestN
}

// Honor returns the style of the honorific at token i and how many tokens it spans.
func Honor(d *layer.Doc, lx *lexicon.Lexicon, i int) (lexicon.HonorStyle, int) {
	if !d.IsWord(i) || !d.Toks[i].Cap {
		return "", 0
	}
	if i+1 < len(d.Toks) && d.SameRun(i+1) {
		var buf [64]byte // the two words, joined in place
		two := append(append(append(buf[:0], d.Toks[i].Text...), ' '), d.Toks[i+1].Text...)
		if h, ok := lx.Honor[string(two)]; ok {
			return h.Style, 2
		}
	}
	if h, ok := lx.Honor[d.Toks[i].Text]; ok {
		if i+1 < len(d.Toks) && d.Toks[i+1].Text == "." && d.Toks[i+1].Start == d.Toks[i].End {
			return h.Style, 2 // "Mr.", "Gen."
		}
		return h.Style, 1
	}
	return "", 0
}

// Nationality returns the country a gazetteer entry stands for when it
// qualifies a title ("US", "Ukraine's", "Nato"): its country, or an
// organisation's own name.
func Nationality(e *lexicon.GazEntry) string {
	if e.Country == "" && e.Type == string(layer.Org) {
		return e.Canon
	}
	return e.Country
}
