package extract_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
	"github.com/tidings-news/tidings/services/enricher/extract"
	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
	"github.com/tidings-news/tidings/services/enricher/extract/ids"
)

// TestSeedsScore runs the extractor over the seed articles and scores the
// output with the shared scorer. It skips when the corpus is absent. The
// record is written to $TIDINGS_SEEDS_OUT (default a temp file).
func TestSeedsScore(t *testing.T) {
	files := stagetest.Seeds(t)
	x, err := extract.New(extract.Options{Registry: ids.NewMemoryRegistry()})
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
		extracttest.CheckOffsets(t, rec)
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
	shared := stagetest.Shared()
	args := []string{filepath.Join(shared, "eval/score.py"), "--gold", filepath.Join(shared, "corpus/seeds.gold.json"), "--pred", out}
	if os.Getenv("TIDINGS_SEEDS_DETAILS") != "" {
		args = append(args, "--details")
	}
	res, err := exec.Command(py, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("score.py: %v\n%s", err, res)
	}
	t.Logf("\n%s", res)
}
