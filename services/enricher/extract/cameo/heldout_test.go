package cameo_test

import (
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
)

// heldOut are sentences written after the verb lexicon, two per root, and
// not used to tune it: each with the root code and one participant a
// coder would give. TestHeldOutSet measures the extractor on them.
var heldOut = []struct {
	root, body, participant string
}{
	{"01", "Austria announced on Tuesday that it would hold early elections.", "Austria"},
	{"01", "The Kremlin declined to comment on reports of a new offensive.", "Kremlin"},
	{"02", "Greece called on Turkey to withdraw its survey ship from the disputed waters.", "Greece"},
	{"02", "Lebanon asked the United Nations for emergency food aid after the blast.", "Lebanon"},
	{"03", "Japan promised Indonesia new loans for the railway project.", "Japan"},
	{"03", "Norway offered to host the next round of peace talks.", "Norway"},
	{"04", "The Chinese foreign minister visited Pakistan on Monday.", "Pakistan"},
	{"04", "Ivo Marsh held talks with Greta Lindqvist in Stockholm.", "Ivo Marsh"},
	{"05", "India and Bangladesh signed a treaty on river sharing.", "India"},
	{"05", "Ghana praised Nigeria for its role in ending the crisis.", "Ghana"},
	{"06", "Kenya and Uganda held joint exercises near the border.", "Kenya"},
	{"06", "Argentina shared intelligence with Chile on the smuggling network.", "Argentina"},
	{"07", "Canada sent humanitarian supplies to Haiti after the earthquake.", "Canada"},
	{"07", "The World Bank granted a loan to Malawi for new clinics.", "Malawi"},
	{"08", "Venezuela released three opposition activists on Friday.", "Venezuela"},
	{"08", "Azerbaijan and Armenia agreed to a ceasefire in the disputed region.", "Armenia"},
	{"09", "Brazil opened an investigation into the collapse of the dam.", "Brazil"},
	{"09", "Prosecutors in Italy are investigating the minister over corruption.", "Italy"},
	{"10", "Ukraine demanded that Russia return the deported children.", "Ukraine"},
	{"10", "Iraq demanded the withdrawal of Turkish troops from its territory.", "Iraq"},
	{"11", "France condemned the coup in Niger.", "France"},
	{"11", "Israel accused Iran of arming the militants.", "Iran"},
	{"12", "Serbia rejected the demands from Kosovo on Monday.", "Serbia"},
	{"12", "Hungary vetoed the aid package for Ukraine.", "Hungary"},
	{"13", "North Korea threatened South Korea with a military response.", "North Korea"},
	{"13", "Russia threatened Moldova with sanctions over the vote.", "Russia"},
	{"14", "Georgian protesters rallied against the government in Tbilisi.", "Georgia"},
	{"14", "Thousands of Kenyan workers went on strike in Nairobi over pay.", "Kenya"},
	{"15", "Azerbaijan massed troops near the border with Armenia.", "Azerbaijan"},
	{"15", "China put its forces on high alert near Taiwan.", "China"},
	{"16", "Morocco severed ties with Iran.", "Morocco"},
	{"16", "Australia imposed sanctions on Myanmar's generals.", "Australia"},
	{"17", "Police in Belarus detained dozens of protesters in Minsk.", "Belarus"},
	{"16", "Nicaragua expelled the papal envoy.", "Nicaragua"},
	{"18", "Militants kidnapped two Chinese engineers in Pakistan.", "Pakistan"},
	{"18", "A suicide bomber struck a market in Somalia, killing ten.", "Somalia"},
	{"19", "Israeli warplanes bombed Gaza overnight.", "Israel"},
	{"19", "Sudanese troops clashed with rebels in Darfur.", "Sudan"},
	{"20", "Syria used chemical weapons against civilians in Douma, inspectors said.", "Syria"},
	{"20", "Soldiers in Ethiopia massacred hundreds of civilians in Tigray, a report found.", "Ethiopia"},
}

// TestHeldOutSet measures root recall (a held-out sentence yields an
// event of its root with its participant) and precision (events of the
// wrong root), and logs them; it fails only below a floor, so that the
// figures cannot silently fall.
func TestHeldOutSet(t *testing.T) {
	found, events, wrong := 0, 0, 0
	for _, c := range heldOut {
		rec := extracttest.Text(t, c.body)
		hit := false
		for _, ev := range rec.Events {
			events++
			participant := extracttest.RefsHave(ev.Actors, c.participant) || extracttest.RefsHave(ev.Targets, c.participant)
			if ev.RootCode == c.root && participant {
				hit = true
			} else if ev.RootCode != c.root {
				wrong++
				t.Logf("wrong root %s (%s) for %q", ev.RootCode, ev.Label, c.body)
			}
		}
		if hit {
			found++
		} else {
			t.Logf("missed %s: %q", c.root, c.body)
		}
	}
	recall := float64(found) / float64(len(heldOut))
	precision := float64(events-wrong) / float64(max(events, 1))
	t.Logf("held-out set: %d sentences, root recall %.3f, %d events, root precision %.3f", len(heldOut), recall, events, precision)
	if recall < 0.6 || precision < 0.6 {
		t.Errorf("held-out figures fell: recall %.3f, precision %.3f", recall, precision)
	}
}
