package extract

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"

	"github.com/tidings-news/tidings/pkg/events"
)

// sharedDir holds the evaluation corpus when the repository sits in its workspace.
const sharedDir = "../../../../shared"

// TestSeedsScore runs the extractor over the seed articles and scores the
// output with the shared scorer. It skips when the corpus is absent. The
// record is written to $TIDINGS_SEEDS_OUT (default a temp file).
func TestSeedsScore(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(sharedDir, "corpus/seeds/*.txt"))
	if len(files) == 0 {
		t.Skip("no seed corpus")
	}
	sort.Strings(files)
	x, err := New(Options{Registry: NewMemoryRegistry()})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		a := &events.Article{ID: filepath.Base(f), Source: filepath.Base(f), Body: string(body)}
		rec, err := x.Extract(context.Background(), a)
		if err != nil {
			t.Fatal(err)
		}
		checkOffsets(t, rec)
		line, _ := json.Marshal(rec)
		buf.Write(line)
		buf.WriteByte('\n')
	}
	out := os.Getenv("TIDINGS_SEEDS_OUT")
	if out == "" {
		out = filepath.Join(t.TempDir(), "seeds.jsonl")
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found")
	}
	args := []string{filepath.Join(sharedDir, "eval/score.py"), "--gold", filepath.Join(sharedDir, "corpus/seeds.gold.json"), "--pred", out}
	if os.Getenv("TIDINGS_SEEDS_DETAILS") != "" {
		args = append(args, "--details")
	}
	res, err := exec.Command(py, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("score.py: %v\n%s", err, res)
	}
	t.Logf("\n%s", res)
}

// checkOffsets asserts every offset of a record slices the body to its text.
func checkOffsets(t testing.TB, rec *events.EnrichedArticle) {
	t.Helper()
	body := rec.Body
	ok := func(s, e int, text, what string) {
		if s < 0 || e > len(body) || s > e || body[s:e] != text {
			t.Fatalf("%s: bad offsets [%d,%d) for %q", what, s, e, text)
		}
	}
	for _, e := range rec.Entities {
		for _, m := range e.Mentions {
			ok(m.Start, m.End, m.Text, "mention of "+e.Name)
		}
	}
	for _, q := range rec.Quotes {
		ok(q.Start, q.End, q.Text, "quote")
	}
	for _, ev := range rec.Events {
		ok(ev.Evidence.Start, ev.Evidence.End, ev.Evidence.Text, "evidence")
	}
}
