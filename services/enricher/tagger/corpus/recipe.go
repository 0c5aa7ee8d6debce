package corpus

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tidings-news/tidings/services/enricher/tagger"
)

// The training recipe of the shipped model (make train): chosen on
// CoNLL-2003 dev.
const (
	Epochs = 16
	Seed   = 1
	// Prune drops the features whose averaged weights are all smaller: with
	// the silver set it keeps 64 % of them at the same dev figures (a
	// smaller model to decode at start-up).
	Prune = 1
	// Silver is the silver training set, a folder of the development data:
	// PolNeAR train with CoreNLP's entity labels, written by
	// services/enricher/tagger/silver.py. Its examples are auxiliary
	// (tagger.Example.Aux): the model keeps what they teach that CoNLL-2003
	// does not contradict.
	Silver = "polnear-train-silver"
)

// SilverHowTo says how to build the silver set.
const SilverHowTo = "build it with python3 services/enricher/tagger/silver.py POLNEAR_GITDIR DEVDATA/" + Silver +
	" (POLNEAR_GITDIR: a git snapshot of github.com/networkdynamics/PolNeAR)"

// SilverExamples reads the silver set under devdata as auxiliary examples;
// it also returns how many of its names fall off token boundaries (left
// out).
func SilverExamples(devdata string) ([]tagger.Example, int, error) {
	docs, err := Load(filepath.Join(devdata, Silver))
	if err != nil {
		return nil, 0, fmt.Errorf("the silver set %s: %w (%s)", Silver, err, SilverHowTo)
	}
	exs, lost := Examples(docs)
	for i := range exs {
		exs[i].Aux = true
	}
	return exs, lost, nil
}

// Recipe returns the shipped model's training options, reading the
// gazetteer lists and word clusters from the tagger's folder
// (services/enricher/tagger).
func Recipe(taggerDir string) (tagger.TrainOptions, error) {
	o := tagger.TrainOptions{Epochs: Epochs, Seed: Seed, Prune: Prune}
	var err error
	if o.Gazetteer, err = ReadGazetteers(filepath.Join(taggerDir, "gazetteers")); err != nil {
		return o, err
	}
	if o.Clusters, err = ReadClusters(filepath.Join(taggerDir, "clusters.tsv")); err != nil {
		return o, err
	}
	return o, nil
}

// Examples turns documents into training examples; it also returns how many
// gold mentions fall off token boundaries (left out).
func Examples(docs []Doc) ([]tagger.Example, int) {
	out, lost := make([]tagger.Example, 0, len(docs)), 0
	for i := range docs {
		ex, n := docs[i].Example()
		out = append(out, ex)
		lost += n
	}
	return out, lost
}

// ReadGazetteers reads the gazetteer lists of a folder: NAME.txt, one
// phrase a line, # comments.
func ReadGazetteers(dir string) (map[string][]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	out := map[string][]string{}
	for _, f := range files {
		lines, err := readLines(f)
		if err != nil {
			return nil, err
		}
		out[strings.TrimSuffix(filepath.Base(f), ".txt")] = lines
	}
	return out, nil
}

// ReadClusters reads word clusters: bit path, tab, word (tab, count) a line.
func ReadClusters(path string) (map[string]string, error) {
	lines, err := readLines(path)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(lines))
	for _, l := range lines {
		f := strings.Split(l, "\t")
		if len(f) < 2 {
			return nil, fmt.Errorf("%s: bad line %q (want path, tab, word)", path, l)
		}
		out[strings.ToLower(f[1])] = f[0]
	}
	return out, nil
}

// readLines returns the non-empty lines of a file that are not # comments.
func readLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out, sc.Err()
}
