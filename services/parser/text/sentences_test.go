package text

import (
	"slices"
	"testing"
)

func split(p string) []string {
	var out []string
	for _, s := range Sentences(p) {
		out = append(out, p[s.Start:s.End])
	}
	return out
}

func TestSentences(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []string
	}{
		{"simple", "The vote passed. Nobody objected.", []string{"The vote passed.", "Nobody objected."}},
		{"titles", "Mr. Smith met Dr. Jones. They talked.", []string{"Mr. Smith met Dr. Jones.", "They talked."}},
		{"british titles", "Mr Smith met Dr Jones. They talked.", []string{"Mr Smith met Dr Jones.", "They talked."}},
		{"saint", "She lives on St. Mary's Road. It is quiet.", []string{"She lives on St. Mary's Road.", "It is quiet."}},
		{"acronym inside", "The U.S. Senate voted. It was close.", []string{"The U.S. Senate voted.", "It was close."}},
		{"acronym at end", "Troops left the U.S. The base closed.", []string{"Troops left the U.S.", "The base closed."}},
		{"initials", "J. R. R. Tolkien wrote it. Fans agree.", []string{"J. R. R. Tolkien wrote it.", "Fans agree."}},
		{"middle initial", "George W. Bush spoke. Then he left.", []string{"George W. Bush spoke.", "Then he left."}},
		{"decimals", "Growth was 2.5 per cent. Prices rose 0.3%.", []string{"Growth was 2.5 per cent.", "Prices rose 0.3%."}},
		{"money", "It cost £12.5m in total. That is a lot.", []string{"It cost £12.5m in total.", "That is a lot."}},
		{"quote closes after stop", "He said: “We will win.” Then he sat down.", []string{"He said: “We will win.”", "Then he sat down."}},
		{"straight quote closes", `He said: "We will win." Then he sat down.`, []string{`He said: "We will win."`, "Then he sat down."}},
		{"question then attribution", "“Will it work?” he asked. Nobody knew.", []string{"“Will it work?” he asked.", "Nobody knew."}},
		{"exclamation", "Stop! Go back.", []string{"Stop!", "Go back."}},
		{"ellipsis inside", "Plans...to swing in behind a deal. Fine.", []string{"Plans...to swing in behind a deal.", "Fine."}},
		{"ellipsis before lower", "He paused … and then went on. Done.", []string{"He paused … and then went on.", "Done."}},
		{"ellipsis ends", "We waited… Nothing came.", []string{"We waited…", "Nothing came."}},
		{"three dots end", "We waited... Nothing came.", []string{"We waited...", "Nothing came."}},
		{"month abbreviation before day", "It began on Jan. 5 in Paris. Then it spread.", []string{"It began on Jan. 5 in Paris.", "Then it spread."}},
		{"company at end", "She joined Acme Inc. The firm grew.", []string{"She joined Acme Inc.", "The firm grew."}},
		{"company inside", "Acme Inc. shares fell.", []string{"Acme Inc. shares fell."}},
		{"number abbreviation", "He lives at No. 10 with staff. It is old.", []string{"He lives at No. 10 with staff.", "It is old."}},
		{"eg", "Fruit, e.g. Apples, is sold. Yes.", []string{"Fruit, e.g. Apples, is sold.", "Yes."}},
		{"time", "It starts at 6 p.m. The doors open earlier.", []string{"It starts at 6 p.m.", "The doors open earlier."}},
		{"lowercase after stop", "The figure was approx. three times higher.", []string{"The figure was approx. three times higher."}},
		{"sentence starts with digit", "Two people died. 30 more were hurt.", []string{"Two people died.", "30 more were hurt."}},
		{"sentence starts with quote", "He stood. “No,” he said.", []string{"He stood.", "“No,” he said."}},
		{"bracket closes", "It was late (after midnight.) Everyone slept.", []string{"It was late (after midnight.)", "Everyone slept."}},
		{"no final punctuation", "A headline without a stop", []string{"A headline without a stop"}},
		{"trailing spaces", "One.  Two.  ", []string{"One.", "Two."}},
		{"non latin", "Привет. Как дела?", []string{"Привет.", "Как дела?"}},
		{"cjk", "今天下雨。我们在家！「好吗？」他问。", []string{"今天下雨。", "我们在家！", "「好吗？」", "他问。"}},
		{"empty", "", nil},
		{"only punctuation", "...", []string{"..."}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := split(c.in); !slices.Equal(got, c.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
		})
	}
}

func TestBuild(t *testing.T) {
	body, paras, sents := Build([]string{"First one. Second one.", "Third “one.”"})
	if body != "First one. Second one.\n\nThird “one.”" {
		t.Fatalf("body = %q", body)
	}
	if len(paras) != 2 || body[paras[1].Start:paras[1].End] != "Third “one.”" {
		t.Errorf("paragraphs = %v", paras)
	}
	var got []string
	for _, s := range sents {
		got = append(got, body[s.Start:s.End])
	}
	if want := []string{"First one.", "Second one.", "Third “one.”"}; !slices.Equal(got, want) {
		t.Errorf("sentences = %q, want %q", got, want)
	}
}

func TestNormalize(t *testing.T) {
	cases := map[string]string{
		"  plain  text ":          "plain text",
		"tab\tand\nnewline":       "tab and newline",
		"no\u00a0break\u2009thin": "no break thin",
		"zero\u200bwidth\ufeff":   "zerowidth",
		"bad \xff byte":           "bad \uFFFD byte",
		"“curly” quotes stay":     "“curly” quotes stay",
		"":                        "",
		"\x00control\x07chars":    "controlchars",
	}
	for in, want := range cases {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkSentences(b *testing.B) {
	p := "Speaking at a press conference on Wednesday, Dr. Hart said the U.S. firm would “accelerate” the work. “We are ready,” she said. Prices rose 2.5 per cent… Officials declined to comment."
	for b.Loop() {
		Sentences(p)
	}
}

func TestSentencesAttribution(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"“Do they take the profit?” Forte said. Then he left.", []string{"“Do they take the profit?” Forte said.", "Then he left."}},
		{"“Why now?” asked Mr. Smith. Nobody answered.", []string{"“Why now?” asked Mr. Smith.", "Nobody answered."}},
		{"“Go!” The crowd ran. It was over.", []string{"“Go!”", "The crowd ran.", "It was over."}},
		{"“Is it safe?” The question hung in the air for a long time before anyone said anything.", []string{"“Is it safe?”", "The question hung in the air for a long time before anyone said anything."}},
		{"Whole paycheck. … They charge more.", []string{"Whole paycheck. …", "They charge more."}},
	}
	for _, c := range cases {
		if got := split(c.in); !slices.Equal(got, c.want) {
			t.Errorf("Sentences(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}
