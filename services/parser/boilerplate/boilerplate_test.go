package boilerplate

import (
	"strings"
	"testing"
)

func TestIs(t *testing.T) {
	cases := []struct {
		line string
		want bool
	}{
		{"open image in gallery Crowds gather outside the town hall (Jane Roe/PA) ( PA Wire )", true},
		{"Open image in gallery The harbour at dawn", true},
		{"Firefighters at the scene on Monday (Getty Images)", true},
		{"The minister arrives in Brussels (AFP via Getty Images)", true},
		{"Protesters outside parliament (Tom Lee/Reuters)", true},
		{"Ministers meet at Lancaster House, London. Photo: Sam Fox/PA Wire", true},
		{"The flooded high street on Sunday. Photograph: Anna Bell/The Guardian", true},
		{"A lifeboat crew in training | Image: RNLI", true},
		{"Credit: Ben Hall", true},
		{"Read more: How the harbour was rebuilt", true},
		{"READ MORE", true},
		{"Sign up to our free daily newsletter", true},
		{"Advertisement", true},
		{"Share this article", true},
		{"Facebook Twitter Email", true},
		{"Share | Copy link", true},
		{"Skip past newsletter promotion", true},
		{"[What you need to know today: get the briefing in your inbox.]", true},
		{"Loading Comments...", true},
		{"Related Videos", true},
		// prose that merely resembles boilerplate
		{"The council said it would read more widely before deciding (and consult).", false},
		{"Police said the photo: a blurred image of a car, was not enough to identify the driver, and appealed for witnesses to come forward.", false},
		{"He told Reuters the plan would go ahead (Reuters reported the same).", false},
		{"“Sign up now,” the sergeant shouted at the recruits, who had queued since dawn outside the barracks in the rain for the chance to enlist.", false},
		{"She shared the post on Facebook and Twitter, where it was seen by thousands of people within hours.", false},
		{"The vote was close (52 to 48)", false},
		{"Comments made by the minister on Monday were later withdrawn after a complaint from the opposition benches.", false},
		{"[1] The figure excludes overseas territories, the ministry said in a footnote to the report.", false},
		{"", false},
	}
	for _, c := range cases {
		if got := Is(c.line); got != c.want {
			t.Errorf("Is(%q) = %v, want %v", c.line, got, c.want)
		}
	}
}

func TestHasLowerPrefixIsToLowerHasPrefix(t *testing.T) {
	heads := []string{"", "Photo: Reuters", "PHOTO:", "photo", "Read more: x", "[Editor", "Share this", "pHoTo CaPtIoN @ 9"}
	for _, s := range heads {
		for _, pre := range append([]string{"", "photo", "photo:", "phot", "read more", "[editor"}, captionPrefixes...) {
			if got, want := hasLowerPrefix(s, pre), strings.HasPrefix(strings.ToLower(s), pre); got != want {
				t.Errorf("hasLowerPrefix(%q, %q) = %v, want %v", s, pre, got, want)
			}
		}
	}
}
