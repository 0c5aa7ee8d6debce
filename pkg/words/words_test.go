package words

import (
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestEmbeddedTables(t *testing.T) {
	ws, err := Calendar()
	if err != nil {
		t.Fatal(err)
	}
	vs, err := SpeechVerbs()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []CalendarWord{
		{Word: "sunday", Kind: Weekday, Value: 0}, {Word: "thurs", Kind: Weekday, Value: 4, Abbrev: true},
		{Word: "may", Kind: Month, Value: 5, Name: true}, {Word: "sept", Kind: Month, Value: 9, Abbrev: true},
		{Word: "yesterday", Kind: RelativeDay, Value: -1}, {Word: "evening", Kind: DayPart},
	} {
		if !slices.Contains(ws, want) {
			t.Errorf("calendar.tsv: no row %+v", want)
		}
	}
	for _, want := range []SpeechVerb{
		{Form: "said", Lemma: "say", AfterQuote: true}, {Form: "saying", Lemma: "say", Participle: true},
		{Form: "told", Lemma: "tell", Addressee: true, AfterQuote: true}, {Form: "claims", Lemma: "claim"},
	} {
		if !slices.Contains(vs, want) {
			t.Errorf("speechverbs.tsv: no row %+v", want)
		}
	}
}

// withRow returns the embedded table file with one line added.
func withRow(t *testing.T, file, line string) fs.FS {
	t.Helper()
	b, err := fs.ReadFile(dataFS, "data/"+file)
	if err != nil {
		t.Fatal(err)
	}
	return fstest.MapFS{"data/" + file: {Data: append(b, line+"\n"...)}}
}

// TestLoadersRejectWhatTheyDoNotKnow adds a bad line to each table: the
// error names the file and says what is wrong.
func TestLoadersRejectWhatTheyDoNotKnow(t *testing.T) {
	type bad struct{ line, want string }
	loaders := []struct {
		file string
		load func(fs.FS) error
		bad  []bad
	}{
		{"calendar.tsv", func(fsys fs.FS) error { _, err := calendar(fsys); return err }, []bad{
			{"fortnight\tperiod\t14", "unknown"}, {"octidi\tweekday\t7", "unknown"}, {"dusk\tday-part\t1", "no value"},
			{"midweek\tweekday\tthree", "value"}, {"mo\tweekday\t1\tx", "unknown flag"}}},
		{"speechverbs.tsv", func(fsys fs.FS) error { _, err := speechVerbs(fsys); return err }, []bad{
			{"hollered\tholler\tz", "unknown flag"}, {"hollered\tholler\t\textra", "3 columns"}, {"hollered\t\t", "column lemma is empty"}}},
	}
	for _, l := range loaders {
		for _, b := range l.bad {
			err := l.load(withRow(t, l.file, b.line))
			if err == nil || !strings.Contains(err.Error(), b.want) || !strings.Contains(err.Error(), l.file) {
				t.Errorf("%q: error %v, want one naming %s and saying %q", b.line, err, l.file, b.want)
			}
		}
	}
}

func TestTableRejectsAnotherHeader(t *testing.T) {
	fsys := fstest.MapFS{"data/x.tsv": {Data: []byte("#!columns\tword\tkind\nsun\tweekday\n")}}
	err := (&Table{File: "x.tsv", Columns: []string{"word", "value"}, Row: func(Row) error { return nil }}).Load(fsys)
	if err == nil || !strings.Contains(err.Error(), "x.tsv:1: header") {
		t.Fatalf("error %v, want a header error on line 1", err)
	}
}
