package cameo_test

import (
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
)

// TestEveryRoot codes one or two sentences, written for this test, for
// each of CAMEO's twenty root codes.
func TestEveryRoot(t *testing.T) {
	cases := []struct {
		root, body, actor, target string
	}{
		{"01", "Norway declined to comment on the leaked report.", "Norway", ""},
		{"01", "Sweden claimed responsibility for the failed launch on Monday.", "Sweden", ""},
		{"02", "Ivo Marsh urged Greta Lindqvist to reopen the border.", "Ivo Marsh", "Greta Lindqvist"},
		{"02", "Kenya appealed to Ethiopia for help with the refugees.", "Kenya", "Ethiopia"},
		{"03", "Japan pledged to Vietnam new loans for the port.", "Japan", "Vietnam"},
		{"03", "Poland offered to mediate between Serbia and Kosovo.", "Poland", ""},
		{"04", "Ivo Marsh met Greta Lindqvist in Oslo on Tuesday.", "Ivo Marsh", "Greta Lindqvist"},
		{"04", "Canada held talks with Mexico on the new trade rules.", "Canada", "Mexico"},
		{"05", "Portugal praised Brazil for its handling of the crisis.", "Portugal", "Brazil"},
		{"05", "Egypt and Jordan signed an agreement on water sharing.", "Egypt", "Jordan"},
		{"06", "Chile shared intelligence with Peru about the smuggling ring.", "Chile", "Peru"},
		{"06", "Greece extradited the suspect to Italy on Friday.", "Greece", ""},
		{"07", "Germany sent weapons to Ukraine last month.", "Germany", "Ukraine"},
		{"07", "Qatar delivered food and medicine to Sudan.", "Qatar", "Sudan"},
		{"08", "Colombia released the prisoners held since June.", "Colombia", ""},
		{"08", "Finland lifted the restrictions on Estonia at dawn.", "Finland", "Estonia"},
		{"09", "Denmark launched an investigation into the sinking.", "Denmark", ""},
		{"10", "Ivo Marsh demanded the immediate release of the crew.", "Ivo Marsh", ""},
		{"11", "Spain condemned Morocco over the border incident.", "Spain", "Morocco"},
		{"11", "Greta Lindqvist accused Ivo Marsh of lying to parliament.", "Greta Lindqvist", "Ivo Marsh"},
		{"12", "Hungary rejected the proposal from Austria.", "Hungary", "Austria"},
		{"12", "China vetoed the resolution on Thursday.", "China", ""},
		{"13", "Turkey threatened Syria with military action.", "Turkey", "Syria"},
		{"14", "Polish farmers protested against the new tariffs in Brussels.", "Poland", ""},
		{"15", "Belarus deployed troops to the border with Lithuania.", "Belarus", ""},
		{"16", "Lithuania expelled diplomats from Russia on Monday.", "Lithuania", ""},
		{"16", "The European Union imposed new sanctions on Iran yesterday.", "European Union", "Iran"},
		{"17", "Police in Georgia arrested Ivo Marsh on Tuesday.", "Georgia", "Ivo Marsh"},
		{"17", "Iran seized the assets of the Dutch company.", "Iran", ""},
		{"18", "Ivo Marsh was kidnapped near the border by gunmen.", "", "Ivo Marsh"},
		{"19", "Overnight, Russian drones struck Kharkiv, damaging homes.", "Russia", "Kharkiv"},
		{"19", "Sudan shelled the rebel positions near Darfur.", "Sudan", ""},
		{"20", "Myanmar used chemical weapons against the villagers, the report said.", "Myanmar", ""},
		{"20", "Burundian soldiers massacred villagers near the lake, witnesses said.", "Burundi", ""},
	}
	for _, c := range cases {
		t.Run(c.root+" "+c.body, func(t *testing.T) {
			rec := extracttest.Text(t, c.body)
			for _, ev := range rec.Events {
				if ev.RootCode != c.root {
					continue
				}
				if c.actor != "" && !extracttest.RefsHave(ev.Actors, c.actor) {
					continue
				}
				if c.target != "" && !extracttest.RefsHave(ev.Targets, c.target) {
					continue
				}
				return
			}
			t.Errorf("no root %s event by %q on %q: %+v", c.root, c.actor, c.target, rec.Events)
		})
	}
}
