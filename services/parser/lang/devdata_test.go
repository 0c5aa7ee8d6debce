package lang

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// TestFirstSentencesOfRealNews measures Detect on one-sentence English texts
// taken from real news: the first sentence of each document's first prose
// paragraph in the development corpora (TIDINGS_DEVDATA, e.g. ../devdata,
// built as /work/shared/eval/devsets/README.md says; skipped without it).
// An English sentence may come out unknown (enriched as English), but at most
// 2 % may be taken for another language.
func TestFirstSentencesOfRealNews(t *testing.T) {
	dir := stagetest.Getenv(t, "TIDINGS_DEVDATA", "the development corpora, e.g. ../devdata")
	var n, other, unknown int
	for _, set := range []string{"conll-dev", "polnear-dev"} {
		files, err := filepath.Glob(filepath.Join(dir, set, "texts", "*.txt"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no texts in %s/%s", dir, set)
		}
		for _, f := range files {
			s := firstProseSentence(t, f)
			if s == "" {
				continue
			}
			n++
			switch Detect(s) {
			case "en":
			case "":
				unknown++
			default:
				other++
			}
		}
	}
	t.Logf("%d one-sentence English texts: %d taken for another language, %d unknown (enriched as English)", n, other, unknown)
	if float64(other) > 0.02*float64(n) {
		t.Errorf("%d of %d English sentences taken for another language", other, n)
	}
}

// firstProseSentence returns the first sentence of the first paragraph of
// six words or more that is not all capitals (headlines of wire copy are).
func firstProseSentence(t *testing.T, name string) string {
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	for p := range strings.SplitSeq(string(b), "\n\n") {
		p = strings.TrimSpace(p)
		if len(strings.Fields(p)) < 6 || strings.ToUpper(p) == p {
			continue
		}
		if i := strings.Index(p, ". "); i > 0 {
			return p[:i+1]
		}
		return p
	}
	return ""
}
