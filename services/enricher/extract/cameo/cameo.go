// Package cameo is the extraction pass that codes what the article's
// sentences report as CAMEO events: verb patterns from the lexicon give the
// code, with quad class and Goldstein value from the CAMEO table; actors are
// the subject group (or a nationality modifier, "Russian air attack"),
// targets follow the trigger in its clause, passives swap them; the location
// comes from "in/at X" (or "to X" for travel), a struck city, or the
// dateline; the time expression is resolved against the article's date;
// "will", "is expected to" mark the event Future.
package cameo

import (
	"context"
	"strings"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
	"github.com/tidings-news/tidings/services/enricher/extract/timex"
)

// Root codes of CAMEO the rules treat specially.
const (
	RootAppeal      = "02" // make an appeal or request
	RootIntent      = "03" // express intent to cooperate
	RootReject      = "12" // reject
	RootThreaten    = "13" // threaten
	RootDemand      = "10" // demand
	RootProtest     = "14" // protest
	RootCoerce      = "17" // coerce
	RootAssault     = "18" // assault
	RootFight       = "19" // fight
	RootMassViolent = "20" // use unconventional mass violence

	codeReject          = "120" // a negated cooperative verb
	codeThreatenStrike  = "133" // threaten political dissent, protest or strike
	codeProtestStrike   = "143" // conduct strike or boycott
	lastCooperativeRoot = "08"  // roots 01–08 are cooperation; negated, they are rejection
)

// Run is the events pass: it writes the event layer.
func Run(_ context.Context, d *layer.Doc, lx *lexicon.Lexicon) error {
	c := &coder{lx: lx, d: d, bySent: d.MentionsBySentence()}
	d.Events = append(d.Events[:0], c.extract()...)
	return nil
}

// coder codes the events of one document.
type coder struct {
	lx     *lexicon.Lexicon
	d      *layer.Doc
	bySent [][]int // the mentions of each sentence (layer.Doc.MentionsBySentence)
	// The dateline's place (datelineRef), read once per article.
	dateline                 events.Ref
	datelineOK, datelineRead bool
}

// trigger is a matched CAMEO pattern.
type trigger struct {
	p      *lexicon.Pattern
	T0, T1 int // the words the pattern matched
	neg    bool
}

// extract codes what the sentences report in CAMEO.
func (c *coder) extract() []events.Event {
	var out []events.Event
	seen := map[eventKey][]int{}
	for s := range c.d.Sents {
		trigs := c.triggersIn(s)
		if len(trigs) == 0 {
			continue
		}
		times := timex.Find(c.d, c.lx, s)
		for ti, tr := range trigs {
			if c.demanded(trigs[:ti], tr) {
				continue // "urged Moscow to accept …": the appeal is the event
			}
			limit := len(c.d.Toks)
			if ti+1 < len(trigs) {
				limit = trigs[ti+1].T0
			}
			for _, ev := range c.codeEvents(s, tr, times, limit) {
				out = merge(out, seen, ev, s)
			}
		}
	}
	return out
}

// eventKey is what merge tells events apart by: sentence, code (root for
// violence) and actors.
type eventKey struct {
	code, actors string
	sent         int
}

// merge adds ev unless the sentence already has it: one event per
// sentence, code, actor and target; for violence, per root ("launched a
// drone attack on …" is one attack). An event with no target takes the
// target (and place) of a later one with the same actor.
func merge(out []events.Event, seen map[eventKey][]int, ev events.Event, s int) []events.Event {
	code := ev.Code
	if ev.RootCode >= RootAssault {
		code = ev.RootCode
	}
	key := eventKey{code: code, actors: refKey(ev.Actors), sent: s}
	for _, i := range seen[key] {
		switch {
		case refKey(out[i].Targets) == refKey(ev.Targets):
			return out
		case len(out[i].Targets) == 0 && len(ev.Targets) > 0:
			out[i].Targets = ev.Targets
			if ev.Location != nil && (out[i].Location == nil || out[i].RootCode >= RootAssault) {
				out[i].Location = ev.Location
			}
			return out
		case len(ev.Targets) == 0:
			return out
		}
	}
	seen[key] = append(seen[key], len(out))
	return append(out, ev)
}

// demanded reports an infinitive trigger ("to accept") governed by an
// earlier appeal, demand, promise, threat or refusal of the same sentence
// ("refused to pledge …": the refusal is the event).
func (c *coder) demanded(earlier []trigger, tr trigger) bool {
	if tr.T0 == 0 || c.d.Toks[tr.T0-1].Key != "to" {
		return false
	}
	for _, e := range earlier {
		if root := e.p.Code[:2]; root == RootAppeal || root == RootDemand || root == RootIntent || root == RootThreaten || root == RootReject {
			return true
		}
	}
	return false
}

func refKey(rs []events.Ref) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.Name)
		b.WriteByte(';')
	}
	return b.String()
}
