package lexicon

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// withFile returns the embedded data with one file's text changed by edit.
func withFile(t *testing.T, name string, edit func(string) string) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(dataFS, "data", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(dataFS, p)
		if err != nil {
			return err
		}
		if p == "data/"+name {
			b = []byte(edit(string(b)))
		}
		m[p] = &fstest.MapFile{Data: b}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestEmbeddedDataParses(t *testing.T) {
	if _, err := parse(dataFS); err != nil {
		t.Fatal(err)
	}
}

func TestLoaderRejectsWhatItDoesNotKnow(t *testing.T) {
	cases := []struct {
		name, file, want string
		edit             func(string) string
	}{
		{"an extra column", "roles.tsv", "3 columns", func(s string) string { return s + "envoy\tenvoy\ts\textra\n" }},
		{"an unknown flag", "roles.tsv", "unknown flag", func(s string) string { return s + "envoy\tenvoy\tsx\n" }},
		{"an unknown pattern flag", "cameo_verbs.tsv", "unknown flag", func(s string) string { return s + "040\tmet\t\t\tz\n" }},
		{"a passive form that is no trigger", "cameo_verbs.tsv", "passive form", func(s string) string { return s + "190\tattacked\t\tassaulted\t\n" }},
		{"a target that is no preposition", "cameo_verbs.tsv", "target", func(s string) string { return s + "190\tattacked\tWith Them\t\t\n" }},
		{"a renamed column", "places.tsv", "header", func(s string) string { return strings.Replace(s, "\tcountry", "\tnation", 1) }},
		{"a missing header", "orgs.tsv", "header", func(s string) string { _, rest, _ := strings.Cut(s, "\n"); return rest }},
		{"an empty required column", "countries.tsv", "column canonical is empty", func(s string) string { return s + "\tX\tY\n" }},
		{"an unknown place kind", "places.tsv", "place kind", func(s string) string { return s + "planet\tMars\t\t\n" }},
		{"an unknown organisation kind", "orgs.tsv", "organisation kind", func(s string) string { return s + "club\tX FC\t\t\n" }},
		{"an unknown honorific style", "honorifics.tsv", "style", func(s string) string { return s + "Herr\tsomething\n" }},
		{"an unknown honorific gender", "honorifics.tsv", "gender", func(s string) string { return s + "Herr\tsurname\tx\n" }},
		{"an unknown cue list", "cues.tsv", "unknown list", func(s string) string { return s + "new-list\ta b c\n" }},
		{"a missing cue list", "cues.tsv", "missing", func(s string) string {
			var keep []string
			for _, l := range strings.Split(s, "\n") {
				if !strings.HasPrefix(l, "negations\t") {
					keep = append(keep, l)
				}
			}
			return strings.Join(keep, "\n")
		}},
		{"a pattern code not in the table", "cameo_verbs.tsv", "not in cameo.tsv", func(s string) string { return s + "999\tmet\t\t\t\n" }},
		{"a quad class out of range", "cameo.tsv", "quad class", func(s string) string { return s + "999\t7\t0\tX\n" }},
		{"an empty word list", "speakers.txt", "no words", func(string) string { return "# nothing\n" }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := parse(withFile(t, c.file, c.edit))
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.file) {
				t.Fatalf("error %v, want one naming %s and saying %q", err, c.file, c.want)
			}
		})
	}
}
