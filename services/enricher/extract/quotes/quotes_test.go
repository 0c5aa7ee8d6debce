package quotes_test

import (
	"strings"
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
)

func TestQuoteSpeakers(t *testing.T) {
	cases := []struct {
		name, body, prefix, speaker string
		partial                     bool
	}{
		{"colon after the speaker", "Nadia Korlov said: \u201cWe will rebuild every school that was lost.\u201d", "We will rebuild", "Nadia Korlov", false},
		{"speaker after the quote", "\u201cNobody should doubt our resolve on this,\u201d Sir Alan Brightwater warned.", "Nobody should doubt", "Alan Brightwater", false},
		{"role after the quote", "Sir Marcus Vale spoke first.\n\n\u201cWe will not wait for the courts to act\u201d, the prime minister warned.", "We will not wait", "Marcus Vale", false},
		{"pronoun after the quote", "Greta Lindqvist arrived late.\n\n\u201cThe numbers simply do not add up for anyone,\u201d she said.", "The numbers simply", "Greta Lindqvist", false},
		{"inverted verb", "\u201cThis is a dark day for the whole region,\u201d said Omar Haddad, a local mayor.", "This is a dark day", "Omar Haddad", false},
		{"straight quotes", "Ivo Marsh said: \"The budget will be balanced by next spring.\"", "The budget will", "Ivo Marsh", false},
		{"partial in reported speech", "Ivo Marsh stressed that \u201cthe budget will be balanced by spring\u201d.", "the budget will", "Ivo Marsh", true},
		{"participle takes the subject", "Ivo Marsh met union leaders on Monday, adding that \u201cthe door remains open to everyone\u201d.", "the door remains", "Ivo Marsh", true},
		{"unnamed speaker", "A Treasury spokeswoman declined to comment further, saying: \u201cWe do not discuss leaks of any kind.\u201d", "We do not discuss", "A Treasury spokeswoman", false},
		{"pronoun to the previous subject, not the object", "Ivo Marsh used his speech to challenge Greta Lindqvist directly.\n\nHe said: \u201cShow us the plan and we will read it.\u201d", "Show us the plan", "Ivo Marsh", false},
		{"according to", "The reform is \u201ca betrayal of every promise made to farmers\u201d, according to Ivo Marsh.", "a betrayal", "Ivo Marsh", true},
		{"same paragraph goes on", "\u201cWe tried everything we could,\u201d Ivo Marsh said. \u201cThe rest is up to them.\u201d", "The rest is", "Ivo Marsh", false},
		{"noun phrase speaker", "One senior diplomat said the deal was \u201cdead in the water for now\u201d.", "dead in the water", "One senior diplomat", true},
		{"relative clause before the verb", "Marsh, who met President Ana Ferreira in Lisbon last month, said the reform would pass \u201conce the summer recess is over\u201d.", "once the summer", "Marsh", true},
		{"apposition before the verb", "Admiral Sir Ewan Trask, chief of the defence staff, said: \u201cThe fleet is ready for whatever comes next.\u201d", "The fleet is ready", "Ewan Trask", false},
		{"possessive unnamed speaker", "Prime Minister Ivo Marsh's spokesman said: \u201cWe will set out the details in due course.\u201d", "We will set out", "Prime Minister Ivo Marsh's spokesman", false},
		{"colon closing the previous paragraph", "In a statement, Greta Lindqvist said:\n\n\u201cWe will publish the full report by the end of the month.\u201d", "We will publish", "Greta Lindqvist", false},
		{"pronoun gender", "Greta Lindqvist met Ivo Marsh in Oslo.\n\nShe said: \u201cWe found common ground on the northern border.\u201d", "We found common", "Greta Lindqvist", false},
		{"pronoun gender, other way", "Ivo Marsh met Greta Lindqvist in Oslo.\n\nShe said: \u201cWe found common ground on the northern border.\u201d", "We found common", "Greta Lindqvist", false},
		{"interrupted quote, second half", "Ivo Marsh left early.\n\n\u201cWe will hold the line,\u201d he said, \u201cwhatever the cost turns out to be in the end.\u201d", "whatever the cost", "Ivo Marsh", true},
		{"question", "Greta Lindqvist looked up.\n\n\u201cWhy would anyone sign that deal now?\u201d she asked.", "Why would anyone", "Greta Lindqvist", false},
		{"cataphora", "Asked whether he would resign, Ivo Marsh said: \u201cI have no intention of going anywhere soon.\u201d", "I have no intention", "Ivo Marsh", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := extracttest.SpokenBy(t, extracttest.Text(t, c.body), c.prefix, c.speaker)
			if q.Partial != c.partial {
				t.Errorf("partial %v, want %v", q.Partial, c.partial)
			}
			if c.speaker == "A Treasury spokeswoman" && q.Speaker.ID != "" {
				t.Errorf("unnamed speaker has an id %q", q.Speaker.ID)
			}
		})
	}
}

func TestMultiParagraphAndContinuationQuotes(t *testing.T) {
	body := "Greta Lindqvist said: \u201cThe first part of the plan is already under way in the north.\n\n" +
		"\u201cThe second part will follow once the funding arrives from the capital.\u201d\n\n" +
		"\u201cAnd nobody will be left behind by any of this,\u201d she added.\n\n" +
		"\u201cWe owe that to the families who waited so long for an answer.\u201d"
	rec := extracttest.Text(t, body)
	// the first paragraph leaves its quotation open and the second goes on
	// with it: one quotation over two paragraphs, then two of their own
	if len(rec.Quotes) != 3 {
		t.Fatalf("got %d quotes, want 3: %+v", len(rec.Quotes), rec.Quotes)
	}
	first := rec.Quotes[0].Text
	if !strings.HasPrefix(first, "The first part") || !strings.HasSuffix(first, "from the capital.") {
		t.Errorf("the quotation over two paragraphs is %q", first)
	}
	for _, q := range rec.Quotes {
		if extracttest.SpeakerName(&q) != "Greta Lindqvist" {
			t.Errorf("quote %q attributed to %q", q.Text, extracttest.SpeakerName(&q))
		}
	}
}

func TestScareQuotesAreNotSpeech(t *testing.T) {
	rec := extracttest.Text(t, "Ministers discussed a \u201cgrand bargain\u201d and the so-called \u201cnorthern shield\u201d on Monday, while critics called it a \u201cplan without a plan\u201d.")
	for _, q := range rec.Quotes {
		if q.Text == "grand bargain" || q.Text == "northern shield" {
			t.Errorf("scare quote reported: %q", q.Text)
		}
	}
}

func TestSingleQuotesAndApostrophes(t *testing.T) {
	rec := extracttest.Text(t, "The minister\u2019s aides said the countries\u2019 plan was \u2018ready\u2019. Ivo Marsh said: \u2018We won\u2019t back down on the pension promise now.\u2019")
	q := extracttest.QuoteWith(rec, "We won\u2019t back down")
	if q == nil || extracttest.SpeakerName(q) != "Ivo Marsh" {
		t.Fatalf("single-quoted speech: %+v", rec.Quotes)
	}
}

func TestQuoteOverParagraphsTakesTheSpeakerOfItsLastPart(t *testing.T) {
	body := "Talks resumed on Monday.\n\n\u201cThe first offer was never serious and everyone in the room knew it.\n\n" +
		"\u201cThe second one is better, but it still leaves the nurses out,\u201d Ivo Marsh said."
	rec := extracttest.Text(t, body)
	if len(rec.Quotes) != 1 {
		t.Fatalf("got %d quotes, want 1: %+v", len(rec.Quotes), rec.Quotes)
	}
	if got := extracttest.SpeakerName(&rec.Quotes[0]); got != "Ivo Marsh" {
		t.Errorf("speaker %q, want Ivo Marsh", got)
	}
}

func TestShortFragmentsAndTitlesAreNotQuotes(t *testing.T) {
	body := "Ivo Marsh said the plan would hurt \u201cworking-class, rural families\u201d most. " +
		"Greta Lindqvist said on Radio North\u2019s \u201cMorning in the Valley.\u201d that she agreed. " +
		"Daniel Okafor said the vote was \u201cnot over yet\u201d and that \u201cwe\u2019ve barely started\u201d."
	rec := extracttest.Text(t, body)
	for _, q := range rec.Quotes {
		if q.Text == "working-class, rural families" || strings.HasPrefix(q.Text, "Morning in the Valley") {
			t.Errorf("a quoted term or title reported as a quote: %+v", q)
		}
	}
	for _, want := range []string{"not over yet", "we\u2019ve barely started"} {
		if extracttest.QuoteWith(rec, want) == nil {
			t.Errorf("short quote with a clause %q dropped: %+v", want, rec.Quotes)
		}
	}
}

func TestQuoteOverParagraphsIsSaidByTheSpeakerNamedAtItsEnd(t *testing.T) {
	body := "\u201cWe will not sign this,\u201d Greta Lindqvist said.\n\n\u201cThe offer still leaves the nurses out of the deal.\n\n" +
		"\u201cNobody in the northern districts would accept it,\u201d Ivo Marsh added."
	rec := extracttest.Text(t, body)
	q := extracttest.QuoteWith(rec, "The offer still")
	if q == nil || !strings.HasSuffix(q.Text, "would accept it") {
		t.Fatalf("the quotation over two paragraphs: %+v", rec.Quotes)
	}
	if got := extracttest.SpeakerName(q); got != "Ivo Marsh" {
		t.Errorf("speaker %q, want Ivo Marsh", got)
	}
}

func TestQuotedTextWithNoSpeakerAndNoCueIsNotSpeech(t *testing.T) {
	body := "The newsletter ran long this week.\n\n\u201cLurking behind this argument about the future is a dispute about the past.\u201d\n\n" +
		"The mayor ended the meeting with a warning:\n\n\u201cNobody in this town will accept another year of closed schools and empty promises.\u201d"
	rec := extracttest.Text(t, body)
	if q := extracttest.QuoteWith(rec, "Lurking behind"); q != nil {
		t.Errorf("quoted text with no speaker and no cue of speech reported: %+v", q)
	}
	if extracttest.QuoteWith(rec, "Nobody in this town") == nil {
		t.Errorf("a quote announced by a colon dropped: %+v", rec.Quotes)
	}
}

func TestWishedForSpeechIsNotAQuote(t *testing.T) {
	rec := extracttest.Text(t, "She has done nothing wrong. I hope in 2017 America says, \u201cPresident Lund, thank you for a lifetime of public service.\u201d")
	if q := extracttest.QuoteWith(rec, "President Lund, thank you"); q != nil {
		t.Errorf("speech that is only hoped for reported: %+v", q)
	}
	rec = extracttest.Text(t, "\u201cThe council will decide this on Monday and not a day later,\u201d Hope Hicks said.")
	if q := extracttest.QuoteWith(rec, "The council will decide"); q == nil || extracttest.SpeakerName(q) != "Hope Hicks" {
		t.Errorf("a name that is a word of wishing: %+v", rec.Quotes)
	}
}

func TestVerbOfTheNextQuoteIsNotThisOnes(t *testing.T) {
	rec := extracttest.Text(t, "Ivo Marsh's aides stripped out a call for \u201cproviding lethal defensive weapons\u201d to the army and replaced it with softer language calling for \u201cappropriate assistance.\u201d")
	if q := extracttest.QuoteWith(rec, "providing lethal"); q != nil && q.Speaker != nil {
		t.Errorf("a quote attributed through the verb of the quote after it: %+v", q)
	}
}

func TestAQuoteRepeatedWordForWordIsReportedOnce(t *testing.T) {
	body := "\u201cWe will not sign this deal in its present form,\u201d Greta Lindqvist said on Monday.\n\n" +
		"The talks broke up an hour later.\n\n\u201cWe will not sign this deal in its present form,\u201d Greta Lindqvist said."
	rec := extracttest.Text(t, body)
	n := 0
	for _, q := range rec.Quotes {
		if strings.HasPrefix(q.Text, "We will not sign") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the repeated quote reported %d times: %+v", n, rec.Quotes)
	}
}

func TestTheWordsOfAQuestionAreNotTheAnswerersSpeech(t *testing.T) {
	rec := extracttest.Text(t, "Asked whether Ivo Marsh \u201chas the integrity to serve effectively as mayor,\u201d 75 percent of voters said yes.")
	if q := extracttest.QuoteWith(rec, "has the integrity"); q != nil && q.Speaker != nil {
		t.Errorf("a poll question's words attributed: %+v", q)
	}
}
