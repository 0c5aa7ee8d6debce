package events

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

// appender is a fan-out message that writes its own JSON.
type appender interface {
	AppendJSON(b, article []byte) ([]byte, error)
}

// checkSameJSON fails unless m's AppendJSON, with its article encoded
// there or passed in, writes what encoding/json's Marshal writes.
func checkSameJSON(t *testing.T, name string, m appender, ref *ArticleRef) {
	t.Helper()
	want, err := json.Marshal(m)
	if err != nil {
		t.Fatalf("%s: encoding/json: %v", name, err)
	}
	got, err := m.AppendJSON([]byte("prefix"), nil)
	if err != nil {
		t.Fatalf("%s: AppendJSON: %v", name, err)
	}
	if !bytes.Equal(got[len("prefix"):], want) {
		t.Fatalf("%s: AppendJSON wrote\n%s\nencoding/json\n%s", name, got[len("prefix"):], want)
	}
	art, err := ref.AppendJSON(nil)
	if err != nil {
		t.Fatalf("%s: article: %v", name, err)
	}
	if got, _ = m.AppendJSON(nil, art); !bytes.Equal(got, want) {
		t.Fatalf("%s: with the article's JSON passed in: %s", name, got)
	}
}

func TestFanoutJSONIsEncodingJSON(t *testing.T) {
	for kind := range 3 {
		for _, c := range fanoutValues(t, kind) {
			switch m := c.v.(type) {
			case EventMessage:
				checkSameJSON(t, c.name, &m, &m.Article)
			case EntityMessage:
				checkSameJSON(t, c.name, &m, &m.Article)
			case QuoteMessage:
				checkSameJSON(t, c.name, &m, &m.Article)
			}
		}
	}
	// Every field, filled at random or left empty: a field added to a
	// message type and not to its AppendJSON fails here.
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		var ev EventMessage
		var ent EntityMessage
		var q QuoteMessage
		for _, m := range []any{&ev, &ent, &q} {
			fill(rng, reflect.ValueOf(m).Elem())
		}
		checkSameJSON(t, "random event", &ev, &ev.Article)
		checkSameJSON(t, "random entity", &ent, &ent.Article)
		checkSameJSON(t, "random quote", &q, &q.Article)
	}
}

func TestFanoutJSONRefusesWhatEncodingJSONRefuses(t *testing.T) {
	for _, g := range []float64{math.NaN(), math.Inf(1)} {
		m := EventMessage{EventOf: EventOf[Participant]{Goldstein: g}}
		if _, err := json.Marshal(&m); err == nil {
			t.Fatal("encoding/json took a non-finite number")
		}
		if _, err := m.AppendJSON(nil, nil); err == nil {
			t.Fatalf("goldstein %v encoded", g)
		}
	}
	late := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	m := QuoteMessage{Article: ArticleRef{Published: &late}}
	if _, err := m.AppendJSON(nil, nil); err == nil {
		t.Fatal("a published date in year 10000 encoded")
	}
}

// strings that the JSON encoding treats apart: escapes, HTML characters,
// invalid UTF-8, the line separators, multi-byte runes, DEL.
var trickyParts = []string{"", "a", "John Healey", `"`, `\`, "<", ">", "&", "\n", "\r", "\t", "\b", "\f", "\x00", "\x1f",
	"\x7f", "\u2028", "\u2029", "é", "日本", "🙂", "\xff", "\xe2\x80", "\xed\xa0\x80", "per:x", " said"}

// fill sets v (every field, recursively) to random values, often zero.
func fill(rng *rand.Rand, v reflect.Value) {
	if rng.IntN(4) == 0 && v.Kind() != reflect.Struct {
		v.SetZero()
		return
	}
	switch v.Kind() {
	case reflect.String:
		s := ""
		for range rng.IntN(4) {
			s += trickyParts[rng.IntN(len(trickyParts))]
		}
		v.SetString(s)
	case reflect.Int:
		v.SetInt(rng.Int64N(2001) - 1000)
	case reflect.Bool:
		v.SetBool(rng.IntN(2) == 0)
	case reflect.Float64:
		floats := []float64{0, -10, 3.4, -2.2, 7, 1e-7, -1.5e-9, 1e21, 123456789012345678901234.0, 1e20, 0.1 + 0.2}
		v.SetFloat(floats[rng.IntN(len(floats))])
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(rng, v.Elem())
	case reflect.Slice:
		n := rng.IntN(3)
		v.Set(reflect.MakeSlice(v.Type(), n, n))
		for i := range n {
			fill(rng, v.Index(i))
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			zone := time.FixedZone("", (rng.IntN(25)-12)*3600+rng.IntN(2)*1800)
			v.Set(reflect.ValueOf(time.Unix(rng.Int64N(4e9), rng.Int64N(2)*rng.Int64N(1e9)).In(zone)))
			return
		}
		for i := range v.NumField() {
			fill(rng, v.Field(i))
		}
	default:
		panic("fill: no case for " + v.Type().String())
	}
}
