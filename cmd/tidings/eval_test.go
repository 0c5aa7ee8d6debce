package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type evalJSON struct {
	Documents int `json:"documents"`
	Spans     map[string]struct {
		Micro struct {
			P, R, F1       float64
			Gold, Pred, TP int
		} `json:"micro"`
	} `json:"spans"`
	Entities *struct {
		Micro struct{ Gold, TP int } `json:"micro"`
	} `json:"entities"`
}

func runEval(t *testing.T, args ...string) (evalJSON, string) {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(context.Background(), append([]string{"eval"}, args...), &out, &errb); code != 0 {
		t.Fatalf("tidings eval %v: exit %d: %s", args, code, errb.String())
	}
	var r evalJSON
	if strings.Contains(strings.Join(args, " "), "--json") {
		if err := json.Unmarshal(out.Bytes(), &r); err != nil {
			t.Fatalf("%v: %s", err, out.String())
		}
	}
	return r, out.String()
}

func TestEvalCoNLL(t *testing.T) {
	f := filepath.Join("testdata", "snippet.conll") // a CoNLL-2003 style file written for this test
	r, _ := runEval(t, "--conll", f, "--json")
	all := r.Spans["all"].Micro
	if r.Documents != 1 || all.Gold != 3 || all.TP < 2 || all.F1 <= 0.5 {
		t.Errorf("report %+v", r)
	}
	_, text := runEval(t, "--conll", f)
	for _, want := range []string{"exact spans, all:", "PER", "ORG", "LOC", "F1"} {
		if !strings.Contains(text, want) {
			t.Errorf("table lacks %q:\n%s", want, text)
		}
	}
}

func TestEvalGold(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "a.txt")
	os.WriteFile(text, []byte("Angela Merkel met officials of the World Bank in Berlin on Monday.\n"), 0o644)
	gold := filepath.Join(dir, "gold.jsonl")
	os.WriteFile(gold, []byte(`{"source": "a.txt", "entities": [`+
		`{"name": "Angela Merkel", "type": "PERSON", "mentions": [{"text": "Angela Merkel", "start": 0, "end": 13}]},`+
		`{"name": "World Bank", "type": "ORG", "mentions": [{"text": "World Bank", "start": 35, "end": 45}]},`+
		`{"name": "Berlin", "type": "LOC", "mentions": [{"text": "Berlin", "start": 49, "end": 55}]}]}`+"\n"), 0o644)
	r, _ := runEval(t, "--gold", gold, "--json", text)
	if r.Entities == nil || r.Entities.Micro.Gold != 3 || r.Spans["all"].Micro.Gold != 3 {
		t.Fatalf("report %+v", r)
	}
	if r.Entities.Micro.TP < 2 || r.Spans["all"].Micro.TP < 2 {
		t.Errorf("found too little: %+v", r)
	}
	// Scoring records given with --pred: an empty record finds nothing.
	pred := filepath.Join(dir, "pred.jsonl")
	os.WriteFile(pred, []byte(`{"source": "a.txt", "entities": []}`+"\n"), 0o644)
	r, _ = runEval(t, "--gold", gold, "--pred", pred, "--json", text)
	if r.Spans["all"].Micro.TP != 0 || r.Spans["all"].Micro.Gold != 3 {
		t.Errorf("--pred report %+v", r)
	}
}

func TestEvalRefusesBadUse(t *testing.T) {
	var errb bytes.Buffer
	f := filepath.Join(t.TempDir(), "bad.conll")
	os.WriteFile(f, []byte("Smith NNP I-NP PERSON\n"), 0o644)
	for _, args := range [][]string{{"eval"}, {"eval", "--conll", f}, {"eval", "--conll", f, "--gold", f}, {"eval", "--gold", f}} {
		errb.Reset()
		if code := run(context.Background(), args, &bytes.Buffer{}, &errb); code == 0 || errb.Len() == 0 {
			t.Errorf("%v: exit %d, stderr %q", args, code, errb.String())
		}
	}
}
