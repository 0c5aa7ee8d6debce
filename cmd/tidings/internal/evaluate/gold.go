package evaluate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// GoldEntity is a gold entity: its type, name and other names.
type GoldEntity struct {
	ID       string   `json:"id"`
	Type     string   `json:"type"`
	Name     string   `json:"name"`
	Aliases  []string `json:"aliases"`
	Optional bool     `json:"optional"`
}

// GoldQuote is a gold quote and its speaker (a gold entity id, or the
// speaker's words when the document matches speakers by overlap).
type GoldQuote struct {
	Text    string `json:"text"`
	Speaker string `json:"speaker"`
}

// GoldDoc is one gold document: entities (always), exact name spans with
// their sentences (CoNLL sets), and quotes.
type GoldDoc struct {
	Entities     []GoldEntity `json:"entities"`
	Mentions     []Mention    `json:"mentions"`
	Regions      []Region     `json:"regions"`
	Prose        bool         `json:"prose"`
	Quotes       []GoldQuote  `json:"quotes"`
	IgnoreQuotes []string     `json:"ignore_quotes"`
	SpeakerMatch string       `json:"speaker_match"`
}

// LoadGold reads a gold file: {"documents": {"NAME": {...}}} as
// shared/eval/score.py reads it, or records in the format of
// shared/eval/FORMAT.md (JSON Lines or an array; each entity's mentions are
// its other names). Documents are keyed by file base name.
func LoadGold(path string) (map[string]*GoldDoc, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var wrapped struct {
		Documents map[string]*GoldDoc `json:"documents"`
	}
	if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '{' && json.Unmarshal(raw, &wrapped) == nil && wrapped.Documents != nil {
		return wrapped.Documents, nil
	}
	recs, err := ReadRecords(path)
	if err != nil {
		return nil, fmt.Errorf("gold %s: neither {\"documents\": …} nor records: %w", path, err)
	}
	out := map[string]*GoldDoc{}
	for _, r := range recs {
		if r.Source == "" {
			return nil, fmt.Errorf("gold %s: a record without \"source\"", path)
		}
		d := &GoldDoc{}
		for _, e := range r.Entities {
			ge := GoldEntity{ID: e.ID, Type: e.Type, Name: e.Name, Aliases: e.Aliases}
			for _, m := range e.Mentions {
				ge.Aliases = append(ge.Aliases, m.Text)
				if hasSpan(m) {
					d.Mentions = append(d.Mentions, Mention{Start: m.Start, End: m.End, Type: e.Type, Text: m.Text})
				}
			}
			if ge.ID == "" {
				ge.ID = e.Type + ":" + e.Name
			}
			d.Entities = append(d.Entities, ge)
		}
		for _, q := range r.Quotes {
			d.Quotes = append(d.Quotes, GoldQuote(q))
		}
		if len(d.Quotes) > 0 {
			d.SpeakerMatch = "overlap"
		}
		out[filepath.Base(r.Source)] = d
	}
	return out, nil
}
