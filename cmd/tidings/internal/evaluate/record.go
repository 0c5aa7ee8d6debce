package evaluate

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tidings-news/tidings/pkg/events"
)

// Record is what the scorers read of an extraction record (the format of
// shared/eval/FORMAT.md; tidings extract writes it, a peer may write less).
// Its entities are the product's (events.Entity); a peer's mention may come
// without offsets (see hasSpan).
type Record struct {
	Source   string          `json:"source"`
	Body     string          `json:"body"`
	Entities []events.Entity `json:"entities"`
	Quotes   []RecQuote      `json:"quotes"`
}

// hasSpan reports whether a record gives the mention's offsets: a mention
// is never empty, so one without them (a peer's) reads as End 0.
func hasSpan(m events.Mention) bool { return m.End > m.Start }

// RecQuote is a quote with its speaker's name.
type RecQuote struct {
	Text    string `json:"text"`
	Speaker string `json:"-"`
}

// UnmarshalJSON reads the speaker as an object with a name or a plain string.
func (q *RecQuote) UnmarshalJSON(b []byte) error {
	var raw struct {
		Text    string          `json:"text"`
		Speaker json.RawMessage `json:"speaker"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	q.Text = raw.Text
	var s string
	var o struct {
		Name string `json:"name"`
	}
	switch {
	case json.Unmarshal(raw.Speaker, &s) == nil:
		q.Speaker = s
	case json.Unmarshal(raw.Speaker, &o) == nil:
		q.Speaker = o.Name
	}
	return nil
}

// FromEnriched gives the record of an enriched article.
func FromEnriched(a *events.EnrichedArticle) Record {
	r := Record{Source: filepath.Base(a.Source), Body: a.Body, Entities: a.Entities}
	for _, q := range a.Quotes {
		rq := RecQuote{Text: q.Text}
		if q.Speaker != nil {
			rq.Speaker = q.Speaker.Name
		}
		r.Quotes = append(r.Quotes, rq)
	}
	return r
}

// ReadRecords reads records as JSON Lines or one JSON array.
func ReadRecords(path string) ([]Record, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	raw = bytes.TrimSpace(raw)
	var out []Record
	if len(raw) > 0 && raw[0] == '[' {
		if err := json.Unmarshal(raw, &out); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return out, nil
	}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(make([]byte, 1<<20), 256<<20)
	for line := 1; sc.Scan(); line++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		out = append(out, r)
	}
	return out, sc.Err()
}
