package evaluate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tidings-news/tidings/pkg/events"
)

// A CoNLL-2003 style snippet written for these tests: IOB1 tags, a document
// break, a quote CoNLL left at the end of a sentence, and a sentence broken
// in two.
const snippet = `-DOCSTART- -X- O O

RUGBY NNP I-NP O
- : O O
SMITH NNP I-NP I-PER
JOINS VBZ I-VP O
LEEDS NNP I-NP I-ORG
. . O O

LONDON NNP I-NP I-LOC
1996-08-30 CD I-NP O

John NNP I-NP I-PER
Smith NNP I-NP I-PER
, , O O
who WP I-NP O
played VBD I-VP O
for IN I-PP O
Wales NNP I-NP I-LOC
, , O O
joined VBD I-VP O
Leeds NNP I-NP I-ORG
Rhinos NNPS I-NP I-ORG
on IN I-PP O
Friday NNP I-NP O
after IN I-PP O
a DT I-NP O
long JJ I-NP O
wait NN I-NP O
. . O O
" " O O

It PRP I-NP O
is VBZ I-VP O
a DT I-NP O
new JJ I-NP O
start NN I-NP O
, , O O
" " O O
Smith NNP I-NP I-PER
said VBD I-VP O
in IN I-PP O
a DT I-NP O
statement NN I-NP O
issued VBN I-VP O
by IN I-PP O
the DT I-NP O

club NN I-NP O
's POS B-NP O
owners NNS I-NP O
. . O O

-DOCSTART- -X- O O

Results NNS I-NP O
: : O O

Germany NNP I-NP I-LOC
2 CD I-NP O
France NNP I-NP B-LOC
1 CD I-NP O
`

func TestReadCoNLLAndBuild(t *testing.T) {
	docs, err := ReadCoNLL(strings.NewReader(snippet))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || len(docs[0]) != 5 || len(docs[1]) != 2 {
		t.Fatalf("documents: %d, sentences %d", len(docs), len(docs[0]))
	}
	b := Build(docs[0])
	want := "RUGBY - SMITH JOINS LEEDS.\n\nLONDON 1996-08-30\n\n" +
		"John Smith, who played for Wales, joined Leeds Rhinos on Friday after a long wait.\n\n" +
		"\"It is a new start,\" Smith said in a statement issued by the club's owners.\n"
	if b.Text != want {
		t.Fatalf("text:\n%q\nwant\n%q", b.Text, want)
	}
	var got []string
	for _, m := range b.Mentions {
		if b.Text[m.Start:m.End] != m.Text {
			t.Errorf("mention %+v is not its slice", m)
		}
		got = append(got, m.Type+":"+m.Text)
	}
	if g := strings.Join(got, " "); g != "PER:SMITH ORG:LEEDS LOC:LONDON PER:John Smith LOC:Wales ORG:Leeds Rhinos PER:Smith" {
		t.Errorf("mentions %s", g)
	}
	var kinds []string
	for _, r := range b.Regions {
		kinds = append(kinds, r.Kind)
	}
	// the sentence CoNLL broke in two is one paragraph of two regions; one
	// prose sentence of three is not a prose document
	if k := strings.Join(kinds, " "); b.Prose || k != "header header prose other other" {
		t.Errorf("prose %v, regions %s", b.Prose, k)
	}
	// B- starts a new name right after another of the same type (IOB1).
	r := Build(docs[1])
	if len(r.Mentions) != 2 || r.Mentions[1].Text != "France" || r.Prose {
		t.Errorf("results table: %+v prose %v", r.Mentions, r.Prose)
	}
}

func TestReadCoNLLRejectsBadTags(t *testing.T) {
	for _, in := range []string{"Smith NNP I-NP PERSON\n", "Smith\n"} {
		if _, err := ReadCoNLL(strings.NewReader(in)); err == nil {
			t.Errorf("%q read without error", in)
		}
	}
}

func TestSpanScorer(t *testing.T) {
	src := []byte("Headline\n\nJohn Smith met Acme Corp in Paris.\n")
	g := &GoldDoc{Prose: true,
		Mentions: []Mention{{Start: 10, End: 20, Type: "PER"}, {Start: 25, End: 34, Type: "ORG"}, {Start: 38, End: 43, Type: "LOC"}},
		Regions:  []Region{{Start: 0, End: 8, Kind: "header"}, {Start: 10, End: 44, Kind: "prose"}}}
	// The record's body lacks the headline: offsets are moved to the file.
	rec := &Record{Body: "John Smith met Acme Corp in Paris.", Entities: []events.Entity{
		{Type: "PERSON", Mentions: []events.Mention{{Text: "John Smith", Start: 0, End: 10, Kind: "name"}, {Text: "he", Start: 0, End: 2, Kind: "pronoun"}}},
		{Type: "LOC", Mentions: []events.Mention{{Text: "Acme", Start: 15, End: 19}}},
		{Type: "GPE", Mentions: []events.Mention{{Text: "Paris", Start: 28, End: 33}}},
	}}
	s := NewSpanScorer()
	s.Add(src, g, rec)
	all := s.Views[ViewAll]
	if c := *all.at("PER"); c != (Counts{TP: 1}) {
		t.Errorf("PER %+v", c)
	}
	if c := *all.at("ORG"); c != (Counts{FN: 1}) {
		t.Errorf("ORG %+v", c)
	}
	if c := *all.at("LOC"); c != (Counts{TP: 1, FP: 1}) {
		t.Errorf("LOC %+v", c)
	}
	if sc := all.Micro().Score(); sc.TP != 2 || sc.Gold != 3 || sc.Pred != 3 {
		t.Errorf("micro %+v", sc)
	}
}

func TestSpansWithoutOffsets(t *testing.T) {
	// A peer's record without offsets: every whole-word occurrence, longest first.
	src := []byte("New York and York. Yorkshire.")
	rec := &Record{Entities: []events.Entity{{Type: "LOC", Name: "York"}, {Type: "LOC", Name: "New York"}}}
	got := occurrences(src, rec)
	if len(got) != 2 || !got[span{0, 8, "LOC"}] || !got[span{13, 17, "LOC"}] {
		t.Errorf("occurrences %v", got)
	}
}

func TestEntitiesAndQuotes(t *testing.T) {
	g := &GoldDoc{Entities: []GoldEntity{
		{ID: "jh", Type: "PERSON", Name: "John Healey", Aliases: []string{"Healey"}},
		{ID: "nato", Type: "ORG", Name: "Nato"},
	}, Quotes: []GoldQuote{{Text: "We will not sit back and wait", Speaker: "jh"}}}
	rec := &Record{Entities: []events.Entity{
		{Type: "PERSON", Name: "Mr Healey"},                                         // matched (title dropped)
		{Type: "PERSON", Name: "Healey"},                                            // a second entity for him: FP
		{Type: "LOC", Name: "Nato"},                                                 // wrong type: FP, Nato missed
		{Type: "NORP", Name: "British"},                                             // not scored
		{Type: "ORG", Name: "Acme", Mentions: []events.Mention{{Text: "Acme Ltd"}}}, // not in gold: FP
	}, Quotes: []RecQuote{{Text: "We will not sit back and wait.", Speaker: "John Healey"}, {Text: "too short", Speaker: "x"}}}
	s := NewEntityScorer()
	s.Add(g, rec)
	if c := *s.Types.at("PERSON"); c != (Counts{TP: 1, FP: 1}) {
		t.Errorf("PERSON %+v", c)
	}
	if c := *s.Types.at("ORG"); c != (Counts{FP: 1, FN: 1}) {
		t.Errorf("ORG %+v", c)
	}
	if c := *s.Types.at("LOC"); c != (Counts{FP: 1}) {
		t.Errorf("LOC %+v", c)
	}
	if s.QuoteGold != 1 || s.QuoteFound != 1 || s.QuoteAttributed != 1 || s.QuotePred != 1 || s.QuotePredOK != 1 {
		t.Errorf("quotes %+v", s)
	}
}

func TestLoadGoldBothFormats(t *testing.T) {
	dir := t.TempDir()
	wrapped := filepath.Join(dir, "gold.json")
	os.WriteFile(wrapped, []byte(`{"version": 1, "documents": {"a.txt": {"entities": [{"id": "x", "type": "PERSON", "name": "Ann Lee", "aliases": ["Lee"]}], "quotes": []}}}`), 0o644)
	records := filepath.Join(dir, "gold.jsonl")
	os.WriteFile(records, []byte(`{"source": "dir/b.txt", "entities": [{"name": "Ann Lee", "type": "PERSON", "mentions": [{"text": "Lee", "start": 10, "end": 13}]}], "quotes": [{"text": "a b c d", "speaker": {"name": "Ann Lee"}}]}`+"\n"), 0o644)
	g, err := LoadGold(wrapped)
	if err != nil || g["a.txt"] == nil || g["a.txt"].Entities[0].Aliases[0] != "Lee" {
		t.Fatalf("wrapped: %v %+v", err, g)
	}
	g, err = LoadGold(records)
	if err != nil || g["b.txt"] == nil {
		t.Fatalf("records: %v %+v", err, g)
	}
	d := g["b.txt"]
	if d.Entities[0].Aliases[0] != "Lee" || len(d.Mentions) != 1 || d.Quotes[0].Speaker != "Ann Lee" {
		t.Errorf("records gold %+v", d)
	}
	os.WriteFile(records, []byte("not json\n"), 0o644)
	if _, err := LoadGold(records); err == nil {
		t.Error("bad gold read without error")
	}
}

// A peer's record may give a mention without offsets and a speaker as a
// plain string; the product's gives both offsets and a speaker object.
func TestReadRecordsOfAPeerAndOfTheProduct(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pred.jsonl")
	os.WriteFile(path, []byte(`{"source": "a.txt", "entities": [{"name": "Ann Lee", "type": "PERSON", "mentions": [{"text": "Lee"}]}], "quotes": [{"text": "a b c d", "speaker": "Ann Lee"}]}
{"source": "b.txt", "entities": [{"name": "Ann Lee", "type": "PERSON", "mentions": [{"text": "Ann", "start": 0, "end": 3}]}], "quotes": [{"text": "e f g h", "speaker": {"id": "per:ann-lee", "name": "Ann Lee"}}]}
`), 0o644)
	recs, err := ReadRecords(path)
	if err != nil || len(recs) != 2 {
		t.Fatalf("%d records, %v", len(recs), err)
	}
	if m := recs[0].Entities[0].Mentions[0]; hasSpan(m) || recs[0].Quotes[0].Speaker != "Ann Lee" {
		t.Errorf("peer's record: mention %+v (offsets: %v), speaker %q", m, hasSpan(m), recs[0].Quotes[0].Speaker)
	}
	if m := recs[1].Entities[0].Mentions[0]; !hasSpan(m) || m.Start != 0 || m.End != 3 || recs[1].Quotes[0].Speaker != "Ann Lee" {
		t.Errorf("product's record: mention %+v (offsets: %v), speaker %q", m, hasSpan(m), recs[1].Quotes[0].Speaker)
	}
}

// A development set is read in name order and each document scored on the
// record the function gives (nil: missing); its error names the document.
func TestLoadSetAndScore(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "texts"), 0o755)
	os.WriteFile(filepath.Join(dir, "gold.json"), []byte(`{"documents": {"b.txt": {"entities": [{"id": "x", "type": "PERSON", "name": "Ann Lee"}]}, "a.txt": {"entities": []}}}`), 0o644)
	os.WriteFile(filepath.Join(dir, "texts", "a.txt"), []byte("Nothing."), 0o644)
	os.WriteFile(filepath.Join(dir, "texts", "b.txt"), []byte("Ann Lee spoke."), 0o644)
	s, err := LoadSet(dir)
	if err != nil || strings.Join(s.Names, " ") != "a.txt b.txt" || string(s.Texts["b.txt"]) != "Ann Lee spoke." {
		t.Fatalf("LoadSet: %v %+v", err, s)
	}
	var asked []string
	rep, err := s.Score(func(name string, text []byte) (*Record, error) {
		asked = append(asked, name)
		if name == "a.txt" {
			return nil, nil
		}
		return &Record{Source: name, Entities: []events.Entity{{Type: "PERSON", Name: string(text[:7])}}}, nil
	})
	if err != nil || strings.Join(asked, " ") != "a.txt b.txt" || rep.Documents != 2 || len(rep.Missing) != 1 || rep.Entities.Micro.TP != 1 {
		t.Errorf("Score: %v, asked %v, report %+v", err, asked, rep)
	}
	if _, err := s.Score(func(string, []byte) (*Record, error) { return nil, os.ErrNotExist }); err == nil || !strings.HasPrefix(err.Error(), "a.txt: ") {
		t.Errorf("Score's error %v, want it to name a.txt", err)
	}
}
