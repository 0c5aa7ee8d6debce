package quotes_test

import (
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
)

// TestFailureClasses holds one sentence, written for this test, per kind
// of quote the extractor used to get wrong (issue 9).
func TestFailureClasses(t *testing.T) {
	cases := []struct {
		name, body, prefix, speaker string
	}{
		{"pronoun after a quote is not a name inside it",
			"Marta Kowalczyk spoke after the vote.\n\n\u201cI told Piotr Nowak we would win this,\u201d she said.",
			"I told Piotr Nowak", "Marta Kowalczyk"},
		{"pronoun after a quote is the last person named, not the previous paragraph's subject",
			"Ivo Marsh opened the session with a long speech on pensions.\n\nLater the floor went to Daniel Okafor, who had waited all morning. \u201cThe numbers in this plan do not add up at all,\u201d he said.",
			"The numbers in this plan", "Daniel Okafor"},
		{"a pronoun after a quote is not a name inside it, same gender",
			"Marek Nowicki spoke after the vote.\n\n\u201cI told Piotr Zielinski we would win this,\u201d he said.",
			"I told Piotr", "Marek Nowicki"},
		{"tweeted", "\u201cA great night for the whole state of Ohio and its people,\u201d Lena Hartmann tweeted.", "A great night", "Lena Hartmann"},
		{"implored", "\u201cPlease let the rescue teams through the checkpoint now,\u201d Ahmed Karimi implored.", "Please let the rescue", "Ahmed Karimi"},
		{"gushed", "\u201cThis is the best team I have ever had the pleasure to coach,\u201d Rosa Delgado gushed.", "This is the best team", "Rosa Delgado"},
		{"interjected", "Tom Reyes was still talking when Ana Costa interjected: \u201cThat is simply not what the report says.\u201d", "That is simply not", "Ana Costa"},
		{"emailed", "\u201cWe have no further comment on the matter at this stage,\u201d a spokeswoman for the council emailed.", "We have no further", "a spokeswoman for the council"},
		{"according to after the quote", "The deal is \u201cdead on arrival in the Senate this year,\u201d according to Senator Mia Lund.", "dead on arrival", "Mia Lund"},
		{"according to before the quote", "According to Karl Brenner, the budget is \u201ca disaster waiting to happen for every family\u201d.", "a disaster waiting", "Karl Brenner"},
		{"according to and a description of a document",
			"According to a complaint filed by the regulators, the firm ran a \u201cmassive eight-year fraudulent scheme\u201d for years.", "massive eight-year", "a complaint filed by the regulators"},
		{"apposition with a title between name and verb",
			"\u201cMarkets will stay nervous until the central bank acts,\u201d Priya Raman, chief market strategist at Halden Capital, said.", "Markets will stay", "Priya Raman"},
		{"apposition with an age between name and verb",
			"\u201cI have seen three wars and this is the worst of them,\u201d Josef Varga, 70, told reporters.", "I have seen three wars", "Josef Varga"},
		{"a party and state in brackets between name and verb",
			"\u201cThe committee will not be bullied into silence,\u201d Rep. Dana Whitfield (D-Ore.) said on Friday.", "The committee will not", "Dana Whitfield"},
		{"a role noun as speaker", "\u201cWe were not good enough in the second half,\u201d the Ivorian tactician told reporters.", "We were not good enough", "the Ivorian tactician"},
		{"a possessive source", "\u201cThe evacuation will start at dawn if the weather holds,\u201d Radio Meridian's Clara Holt said.", "The evacuation will start", "Clara Holt"},
		{"a title, an organisation and a name before the verb",
			"\u201cThe world economy has moved sideways this year,\u201d IMF chief economist Maury Obstfeld said.", "The world economy", "Maury Obstfeld"},
		{"a dash introduces the speaker", "\u201cHe does not speak for me or for my family.\u201d \u2015 Sonia Herrera", "He does not speak", "Sonia Herrera"},
		{"a dash and a signed name with a middle initial",
			"\u201cThe first answer.\u201d \u2015 Sonia Herrera\n\n\u201cWe are united to fight this together, all of us!\u201d \u2015 Julie A. Diaz Martinez.", "We are united", "Julie A. Diaz Martinez"},
		{"a block quote signed in the paragraph after it",
			"The think tank was not convinced.\n\n\"We are going to enter the next recession without that consensus.\n\nJosh Bivens, Economic Policy Institute.\"", "We are going to enter", "Josh Bivens"},
		{"a noun phrase speaker after the verb", "\u201cNobody here expected the plant to close so soon,\u201d said one worker at the gate.", "Nobody here expected", "one worker"},
		{"a noun phrase speaker ending in a name after a preposition",
			"\u201cThe facts have not changed in any of the reviews so far,\u201d a spokesman for committee Democrats said.", "The facts have not", "a spokesman for committee Democrats"},
		{"a noun phrase speaker with an apposition before the verb",
			"Officials at the border agency, a division of the ministry, said forgers \u201cmay try to use increasingly sophisticated methods\u201d to get in.", "may try to use", "Officials at the border agency"},
		{"a description, then the name in apposition, before the verb",
			"\u201cPositions are going to soften on this, whether now or in two months,\u201d the senator\u2019s chief of staff, Joe Kasper, said.", "Positions are going", "Joe Kasper"},
		{"as a document put it, after the quote",
			"The main requirement is a \u201clawful source of investment income,\u201d as a ministry memo put it.", "lawful source", "a ministry memo"},
		{"as a person put it, before the quote",
			"As Ivo Marsh put it on Monday, \u201cthe pension promise is not ours to break.\u201d", "the pension promise", "Ivo Marsh"},
		{"per a document, after the quote",
			"Proxies are barred when voting \u201cto fill a vacancy on the national ticket,\u201d per the party\u2019s bylaws.", "to fill a vacancy", "the party\u2019s bylaws"},
		{"a colon after a clause whose subject speaks, after another speaker's quote in the paragraph",
			"Ivo Marsh wanted an executive order, \u201cwhatever the lawyers say about it,\u201d Ivo Marsh said. Greta Lindqvist resisted: \u201cGovernors do not have the power to suspend the law.\u201d", "Governors do not", "Greta Lindqvist"},
		{"a quote that opens its sentence after a sentence whose named subject speaks",
			"His former partner, Lawrence Cummings, called him a master at impossible deals. \"He showed again and again an ability to close deals that others could not.\"", "He showed again", "Lawrence Cummings"},
		{"the writer speaking in the first person",
			"When the judge asked, I said, \u201cI have not been reluctant to express my views in public for years.\u201d", "I have not been", "I"},
		{"a colon after the speaker's name", "The view of the pollster Ruth Adler: \u201cTurnout will decide this race, not the debates.\u201d", "Turnout will decide", "Ruth Adler"},
		{"a written statement that reads", "\u201cThe council regrets the delay and will reopen the bridge in May,\u201d the statement read.", "The council regrets", "the statement"},
		{"reacted after the quote", "\u201cThis is a sad day for every farmer in the valley,\u201d reacted Nora Quist.", "This is a sad day", "Nora Quist"},
		{"a description between the verb and the name after it",
			"\u201cThe turnout in the north was lower than anyone had planned for,\u201d said veteran county election clerk Maria Olsen.", "The turnout in the north", "Maria Olsen"},
		{"a paragraph that announces the quote with a colon and no speech verb",
			"After the vote, Tomas Brandt issued the following short statement:\n\n\u201cThe people of this county have chosen, and I accept it.\u201d", "The people of this county", "Tomas Brandt"},
		{"a title-case headline before the quote is not its speaker",
			"Mayor Backs New Tram Line\n\n\u201cThis line will change how the whole east side of the city moves,\u201d the mayor said.", "This line will change", "the mayor"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			extracttest.SpokenBy(t, extracttest.Text(t, c.body), c.prefix, c.speaker)
		})
	}
}

// TestScareQuotesTitlesAndSlogans: quoted terms, titles and slogans are not quotes.
func TestScareQuotesTitlesAndSlogans(t *testing.T) {
	rec := extracttest.Text(t, "The film \u201cA Quiet Harbour in the North\u201d opened on Friday. Comedians staged a play called \u201cLos Hijos de Marsh\u201d in the capital. Fans waved banners reading \u201cNo More Cuts\u201d and critics called the plan a \u201cso-called reform\u201d of the schools.")
	for _, q := range rec.Quotes {
		if q.Text == "A Quiet Harbour in the North" || q.Text == "No More Cuts" || q.Text == "Los Hijos de Marsh" {
			t.Errorf("title or slogan reported as a quote: %+v", q)
		}
	}
}
