package events

import (
	"bytes"
	"encoding/json"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

const draft202012 = "https://json-schema.org/draft/2020-12/schema"

func loadSchemaMap(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := Schema(name)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

// compileSchemas compiles every embedded schema, asserting formats
// (date-time, date) and content (base64) as well as structure.
func compileSchemas(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	c.AssertContent()
	for _, name := range SchemaNames() {
		b, err := Schema(name)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := c.AddResource(SchemaBaseURL+name, doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	out := map[string]*jsonschema.Schema{}
	for _, name := range SchemaNames() {
		s, err := c.Compile(SchemaBaseURL + name)
		if err != nil {
			t.Fatalf("%s does not compile: %v", name, err)
		}
		out[name] = s
	}
	return out
}

func validate(t *testing.T, s *jsonschema.Schema, v any) error {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return s.Validate(inst)
}

func TestSchemasCompile(t *testing.T) {
	compileSchemas(t)
	for _, name := range SchemaNames() {
		m := loadSchemaMap(t, name)
		if got := m["$schema"]; got != draft202012 {
			t.Errorf("%s: $schema = %v, want %s", name, got, draft202012)
		}
		if got := m["$id"]; got != SchemaBaseURL+name {
			t.Errorf("%s: $id = %v, want %s", name, got, SchemaBaseURL+name)
		}
		if !strings.HasSuffix(name, ".v"+strconv.Itoa(SchemaVersion)+".json") {
			t.Errorf("%s: name does not carry version %d", name, SchemaVersion)
		}
		sv, _ := m["properties"].(map[string]any)["schema_version"].(map[string]any)
		if sv["const"] != float64(SchemaVersion) {
			t.Errorf("%s: schema_version const = %v, want %d", name, sv["const"], SchemaVersion)
		}
		if _, ok := m["additionalProperties"]; ok {
			t.Errorf("%s: additionalProperties set; unknown fields must stay allowed within a version", name)
		}
	}
}

func TestSchemaEmbedding(t *testing.T) {
	files, err := fs.Glob(schemaFS, "schema/*.json")
	if err != nil {
		t.Fatal(err)
	}
	for i := range files {
		files[i] = strings.TrimPrefix(files[i], "schema/")
	}
	if !sameSet(files, SchemaNames()) {
		t.Errorf("embedded files %v, SchemaNames %v", files, SchemaNames())
	}
	for _, bad := range []string{"", "nope.json", "../schema.go", "schema/document.v1.json", "document.v1"} {
		if _, err := Schema(bad); err == nil {
			t.Errorf("Schema(%q) succeeded", bad)
		}
	}
	a, _ := Schema(SchemaEnriched)
	a[0] = 'X'
	if b, _ := Schema(SchemaEnriched); b[0] == 'X' {
		t.Error("Schema returns shared bytes")
	}
}

// TestSharedDefsAgree keeps the self-contained files in step: a $def of the
// same name is identical in every file, and the enriched record's article
// fields are described exactly as in the article schema.
func TestSharedDefsAgree(t *testing.T) {
	first := map[string]any{}
	firstIn := map[string]string{}
	for _, name := range SchemaNames() {
		defs, _ := loadSchemaMap(t, name)["$defs"].(map[string]any)
		for def, v := range defs {
			if prev, ok := first[def]; ok {
				if !reflect.DeepEqual(prev, v) {
					t.Errorf("$defs/%s differs between %s and %s", def, firstIn[def], name)
				}
				continue
			}
			first[def], firstIn[def] = v, name
		}
	}
	art, enr := loadSchemaMap(t, SchemaArticle), loadSchemaMap(t, SchemaEnriched)
	ep := enr["properties"].(map[string]any)
	for name, v := range art["properties"].(map[string]any) {
		if !reflect.DeepEqual(ep[name], v) {
			t.Errorf("property %q differs between %s and %s", name, SchemaArticle, SchemaEnriched)
		}
	}
}

// TestRuntimeHasNoDependencies: the schema validator is a test-only
// dependency; the package itself imports the standard library only.
func TestRuntimeHasNoDependencies(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		pf, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range pf.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
				t.Errorf("%s imports %s; the runtime package must stay dependency-free", f, path)
			}
		}
	}
}

// --- fixtures -------------------------------------------------------------

const rawStory = "\ufeffHealey says pressure is on Putin after Paris talks\r\n" +
	"By Alex Morgan, Defence correspondent\r\n" +
	"PARIS\r\n\r\n" +
	"Defence Secretary John Healey met European counterparts in Paris on Wednesday evening to discuss support for Ukraine.\r\n\r\n" +
	"\"Make no mistake, the pressure is now on Putin,\" Mr Healey said after the meeting. He said allies were \"united and determined\".\r\n\r\n" +
	"A Number 10 spokesman said the Prime Minister would host leaders in London on Saturday.\r\n\r\n" +
	"Photo: Reuters\r\n"

const storyBody = "Defence Secretary John Healey met European counterparts in Paris on Wednesday evening to discuss support for Ukraine.\n\n" +
	"\"Make no mistake, the pressure is now on Putin,\" Mr Healey said after the meeting. He said allies were \"united and determined\".\n\n" +
	"A Number 10 spokesman said the Prime Minister would host leaders in London on Saturday."

var (
	receivedAt = time.Date(2025, 3, 12, 21, 45, 3, 123456789, time.UTC)
	parsedAt   = receivedAt.Add(41 * time.Millisecond)
	enrichedAt = parsedAt.Add(870 * time.Millisecond)
	published  = time.Date(2025, 3, 12, 21, 40, 0, 0, time.FixedZone("GMT", 0))
)

// at returns the byte span of the n-th (0-based) occurrence of s in body.
func at(t *testing.T, body, s string, n int) Span {
	t.Helper()
	off := 0
	for i := 0; ; i++ {
		j := strings.Index(body[off:], s)
		if j < 0 {
			t.Fatalf("fixture: %q (occurrence %d) not in body", s, n)
		}
		if i == n {
			return Span{Start: off + j, End: off + j + len(s)}
		}
		off += j + len(s)
	}
}

func mention(t *testing.T, text string, n int, kind string) Mention {
	t.Helper()
	sp := at(t, storyBody, text, n)
	return Mention{Text: text, Start: sp.Start, End: sp.End, Kind: kind}
}

func evidence(t *testing.T, text string) Evidence {
	t.Helper()
	sp := at(t, storyBody, text, 0)
	return Evidence{Text: text, Start: sp.Start, End: sp.End}
}

func fullDocument(t *testing.T) Document {
	published := receivedAt.Add(-24 * time.Hour)
	return Document{
		Published:     &published,
		SchemaVersion: SchemaVersion,
		ID:            DocumentID([]byte(rawStory)),
		Source:        "000_97d8eec69ab99b4b.txt",
		SourceURL:     "https://www.example.co.uk/news/uk-politics-00000000",
		MediaType:     MediaText,
		ReceivedAt:    receivedAt,
		Size:          int64(len(rawStory)),
		Content:       []byte(rawStory),
		TraceID:       "4bf92f3577b34da6a3ce929d0e0e4736",
	}
}

func fullArticle(t *testing.T) Article {
	var paragraphs, sentences []Span
	for _, p := range strings.Split(storyBody, "\n\n") {
		paragraphs = append(paragraphs, at(t, storyBody, p, 0))
	}
	for _, s := range []string{
		"Defence Secretary John Healey met European counterparts in Paris on Wednesday evening to discuss support for Ukraine.",
		"\"Make no mistake, the pressure is now on Putin,\" Mr Healey said after the meeting.",
		"He said allies were \"united and determined\".",
		"A Number 10 spokesman said the Prime Minister would host leaders in London on Saturday.",
	} {
		sentences = append(sentences, at(t, storyBody, s, 0))
	}
	return Article{
		SchemaVersion: SchemaVersion,
		ID:            DocumentID([]byte(rawStory)),
		Source:        "000_97d8eec69ab99b4b.txt",
		SourceURL:     "https://www.example.co.uk/news/uk-politics-00000000",
		MediaType:     MediaText,
		Title:         "Healey says pressure is on Putin after Paris talks",
		Byline:        "By Alex Morgan, Defence correspondent",
		Dateline:      "PARIS",
		Published:     &published,
		Language:      "en",
		Body:          storyBody,
		Paragraphs:    paragraphs,
		Sentences:     sentences,
		Boilerplate:   []string{"Photo: Reuters"},
		ReceivedAt:    receivedAt,
		ParsedAt:      parsedAt,
		TraceID:       "4bf92f3577b34da6a3ce929d0e0e4736",
	}
}

func fullURLRequest() URLRequest {
	published := receivedAt.Add(-time.Hour)
	return URLRequest{SchemaVersion: SchemaVersion, ID: URLKey("https://news.example.com/a"), URL: "https://news.example.com/a",
		Feed: "f3a9", FeedURL: "https://news.example.com/rss", Title: "A", Published: &published,
		RequestedAt: receivedAt, TraceID: "trace"}
}

func fullEnriched(t *testing.T) EnrichedArticle {
	healey := Ref{ID: "per:john-healey", Name: "John Healey"}
	paris := Ref{ID: "loc:paris", Name: "Paris"}
	london := Ref{ID: "loc:london", Name: "London"}
	q1 := at(t, storyBody, "Make no mistake, the pressure is now on Putin,", 0)
	q2 := at(t, storyBody, "united and determined", 0)
	return EnrichedArticle{
		Article: fullArticle(t),
		Entities: []Entity{
			{ID: "per:john-healey", Type: EntityPerson, Name: "John Healey", Aliases: []string{"Healey"}, Mentions: []Mention{
				mention(t, "Defence Secretary", 0, "role"),
				mention(t, "John Healey", 0, "name"),
				mention(t, "Mr Healey", 0, "alias"),
				mention(t, "He", 1, "pronoun"),
			}},
			{ID: "per:vladimir-putin", Type: EntityPerson, Name: "Vladimir Putin", Mentions: []Mention{mention(t, "Putin", 0, "name")}},
			{ID: "loc:paris", Type: EntityLoc, Name: "Paris", Mentions: []Mention{mention(t, "Paris", 0, "name")}},
			{ID: "loc:ukraine", Type: EntityLoc, Name: "Ukraine", Mentions: []Mention{mention(t, "Ukraine", 0, "name")}},
			{ID: "loc:london", Type: EntityLoc, Name: "London", Mentions: []Mention{mention(t, "London", 0, "name")}},
			{ID: "org:number-10", Type: EntityOrg, Name: "Number 10", Aliases: []string{"Downing Street"}, Mentions: []Mention{mention(t, "Number 10", 0, "name")}},
			{ID: "norp:european", Type: EntityNORP, Name: "European", Mentions: []Mention{mention(t, "European", 0, "")}},
		},
		Quotes: []Quote{
			{Text: "Make no mistake, the pressure is now on Putin,", Start: q1.Start, End: q1.End, Speaker: &healey, Cue: "said"},
			{Text: "united and determined", Start: q2.Start, End: q2.End, Speaker: &healey, Cue: "said", Partial: true},
		},
		Events: []Event{
			{
				Code: "044", RootCode: "04", Label: "Meet at third location", QuadClass: 1, Goldstein: 2.5,
				Actors:   []Ref{healey},
				Targets:  []Ref{{Name: "European counterparts"}},
				Location: &paris,
				Time:     &TimeExpr{Text: "on Wednesday evening", Date: "2025-03-12"},
				Evidence: evidence(t, "Defence Secretary John Healey met European counterparts in Paris on Wednesday evening to discuss support for Ukraine."),
			},
			{
				Code: "043", RootCode: "04", Label: "Host a visit", QuadClass: 1, Goldstein: 2.8,
				Actors:   []Ref{{Name: "the Prime Minister"}},
				Location: &london,
				Time:     &TimeExpr{Text: "on Saturday", Date: "2025-03-15"},
				Future:   true,
				Evidence: evidence(t, "A Number 10 spokesman said the Prime Minister would host leaders in London on Saturday."),
			},
		},
		Enriched:    true,
		Extractor:   "tidings-rules/0.1",
		EnrichedAt:  enrichedAt,
		DuplicateOf: DocumentID([]byte("the first copy")),
		StoryID:     "st-2025-03-12-1a2b3c4d",
	}
}

// formatExample is FORMAT.md's example record as the Go types produce it.
func formatExample() EnrichedArticle {
	healey := Ref{ID: "per:john-healey", Name: "John Healey"}
	return EnrichedArticle{
		Article: Article{SchemaVersion: SchemaVersion, ID: DocumentID([]byte("x")), Source: "000_97d8eec69ab99b4b.txt",
			MediaType: MediaText, ReceivedAt: receivedAt, ParsedAt: parsedAt},
		Entities: []Entity{{ID: "per:john-healey", Name: "John Healey", Type: EntityPerson, Mentions: []Mention{
			{Text: "John Healey", Start: 312, End: 323}, {Text: "Mr Healey"}, {Text: "the Defence Secretary"},
		}}},
		Quotes: []Quote{{Text: "Make no mistake, the pressure is now on Putin.", Speaker: &healey}},
		Events: []Event{{
			Code: "043", RootCode: "04",
			Actors:   []Ref{healey},
			Targets:  []Ref{{ID: "loc:russia", Name: "Russia"}},
			Location: &Ref{ID: "loc:paris", Name: "Paris"},
			Time:     &TimeExpr{Text: "on Wednesday evening", Date: "2025-03-12"},
		}},
		Enriched:   true,
		EnrichedAt: enrichedAt,
	}
}

// validValues lists realistic values of every message type: fully populated
// and minimal (only the required fields; nil slices marshal as null).
func validValues(t *testing.T) map[string][]struct {
	name string
	v    any
} {
	type nv = struct {
		name string
		v    any
	}
	id := DocumentID([]byte("Short story.\n"))
	minArticle := Article{SchemaVersion: SchemaVersion, ID: id, Source: "short.txt", MediaType: MediaText,
		Body: "Short story.", ReceivedAt: receivedAt, ParsedAt: parsedAt}
	emptySlices := EnrichedArticle{Article: minArticle, Entities: []Entity{}, Quotes: []Quote{}, Events: []Event{}, EnrichedAt: enrichedAt}
	emptySlices.Paragraphs, emptySlices.Sentences = []Span{}, []Span{}
	minimalParts := EnrichedArticle{Article: minArticle, Enriched: true, EnrichedAt: enrichedAt,
		Entities: []Entity{{ID: "per:x", Type: EntityPerson, Name: "X"}},
		Quotes:   []Quote{{Text: "Short story", Start: 0, End: 11}},
		Events:   []Event{{Code: "01", RootCode: "01"}},
	}
	return map[string][]nv{
		SchemaURL: {
			{"full", fullURLRequest()},
			{"minimal", URLRequest{SchemaVersion: SchemaVersion, ID: URLKey("https://example.com/a"), URL: "https://example.com/a", RequestedAt: receivedAt}},
		},
		SchemaDocument: {
			{"full", fullDocument(t)},
			{"minimal", Document{SchemaVersion: SchemaVersion, ID: id, Source: "short.txt", MediaType: MediaText,
				ReceivedAt: receivedAt, Size: 13, Content: []byte("Short story.\n")}},
			{"empty", Document{SchemaVersion: SchemaVersion, ID: DocumentID(nil), Source: "empty.txt", MediaType: MediaText, ReceivedAt: receivedAt}},
		},
		SchemaArticle: {
			{"full", fullArticle(t)},
			{"minimal", minArticle},
		},
		SchemaEnriched: {
			{"full", fullEnriched(t)},
			{"FORMAT.md example", formatExample()},
			{"minimal", EnrichedArticle{Article: minArticle, EnrichedAt: enrichedAt}},
			{"empty slices", emptySlices},
			{"minimal parts", minimalParts},
		},
		SchemaEvent:  fanoutValues(t, 0),
		SchemaEntity: fanoutValues(t, 1),
		SchemaQuote:  fanoutValues(t, 2),
	}
}

func TestGoValuesValidate(t *testing.T) {
	schemas := compileSchemas(t)
	for name, values := range validValues(t) {
		for _, v := range values {
			t.Run(name+"/"+v.name, func(t *testing.T) {
				if err := validate(t, schemas[name], v.v); err != nil {
					b, _ := json.MarshalIndent(v.v, "", "  ")
					t.Errorf("%v\n%s", err, b)
				}
			})
		}
	}
}

// TestFixturesAreConsistent: the fixtures' offsets point at their text, so
// the "realistic" values really are.
func TestFixturesAreConsistent(t *testing.T) {
	e := fullEnriched(t)
	check := func(what, text string, start, end int) {
		if start < 0 || end > len(e.Body) || start > end || e.Body[start:end] != text {
			t.Errorf("%s %q: body[%d:%d] does not match", what, text, start, end)
		}
	}
	for _, en := range e.Entities {
		for _, m := range en.Mentions {
			check("mention", m.Text, m.Start, m.End)
		}
	}
	for _, q := range e.Quotes {
		check("quote", q.Text, q.Start, q.End)
	}
	for _, ev := range e.Events {
		check("evidence", ev.Evidence.Text, ev.Evidence.Start, ev.Evidence.End)
	}
	if want := string(NormalizeContent([]byte(rawStory))); !strings.HasPrefix(want, e.Title) {
		t.Errorf("raw story does not normalize to start with the title")
	}
}

// TestFormatExampleShape: the record carries what score.py reads (FORMAT.md).
func TestFormatExampleShape(t *testing.T) {
	b, err := json.Marshal(formatExample())
	if err != nil {
		t.Fatal(err)
	}
	var rec map[string]any
	if err := json.Unmarshal(b, &rec); err != nil {
		t.Fatal(err)
	}
	get := func(path string) any {
		var v any = rec
		for _, k := range strings.Split(path, ".") {
			switch x := v.(type) {
			case map[string]any:
				v = x[k]
			case []any:
				i, _ := strconv.Atoi(k)
				if i >= len(x) {
					return nil
				}
				v = x[i]
			default:
				return nil
			}
		}
		return v
	}
	for path, want := range map[string]any{
		"source":                     "000_97d8eec69ab99b4b.txt",
		"entities.0.id":              "per:john-healey",
		"entities.0.name":            "John Healey",
		"entities.0.type":            "PERSON",
		"entities.0.mentions.0.text": "John Healey",
		"entities.0.mentions.2.text": "the Defence Secretary",
		"quotes.0.text":              "Make no mistake, the pressure is now on Putin.",
		"quotes.0.speaker.name":      "John Healey",
		"events.0.code":              "043",
		"events.0.root_code":         "04",
		"events.0.actors.0.name":     "John Healey",
		"events.0.targets.0.name":    "Russia",
		"events.0.location.name":     "Paris",
		"events.0.time.date":         "2025-03-12",
	} {
		if got := get(path); got != want {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}
}

// edit changes a document in one place.
type edit struct {
	path string // slash-separated; the last element is set or deleted
	del  bool
	val  any
}

// invalidCase is a valid value of a schema broken by one edit.
type invalidCase struct {
	schema string
	base   any
	name   string
	edit   edit
}

// TestInvalidDocumentsRejected breaks a valid record in one place at a time.
func TestInvalidDocumentsRejected(t *testing.T) {
	schemas := compileSchemas(t)
	cases := []invalidCase{
		{SchemaDocument, fullDocument(t), "missing id", edit{path: "id", del: true}},
		{SchemaDocument, fullDocument(t), "missing received_at", edit{path: "received_at", del: true}},
		{SchemaDocument, fullDocument(t), "size as string", edit{path: "size", val: "1024"}},
		{SchemaDocument, fullDocument(t), "negative size", edit{path: "size", val: -1}},
		{SchemaDocument, fullDocument(t), "id not hex sha-256", edit{path: "id", val: "abc123"}},
		{SchemaDocument, fullDocument(t), "schema_version 2", edit{path: "schema_version", val: 2}},
		{SchemaDocument, fullDocument(t), "received_at not a date-time", edit{path: "received_at", val: "yesterday"}},
		{SchemaDocument, fullDocument(t), "content not base64", edit{path: "content", val: "not base64!"}},
		{SchemaDocument, fullDocument(t), "content as array", edit{path: "content", val: []int{1, 2}}},
		{SchemaDocument, fullDocument(t), "no content", edit{path: "content", del: true}},
		{SchemaArticle, fullArticle(t), "missing body", edit{path: "body", del: true}},
		{SchemaArticle, fullArticle(t), "missing parsed_at", edit{path: "parsed_at", del: true}},
		{SchemaArticle, fullArticle(t), "missing paragraphs", edit{path: "paragraphs", del: true}},
		{SchemaArticle, fullArticle(t), "paragraphs as object", edit{path: "paragraphs", val: map[string]int{"start": 0}}},
		{SchemaArticle, fullArticle(t), "span start as string", edit{path: "sentences/0/start", val: "0"}},
		{SchemaArticle, fullArticle(t), "span without end", edit{path: "sentences/1/end", del: true}},
		{SchemaArticle, fullArticle(t), "published not a date-time", edit{path: "published", val: "12 March 2025"}},
		{SchemaArticle, fullArticle(t), "language not ISO 639-1", edit{path: "language", val: "english"}},
		{SchemaArticle, fullArticle(t), "boilerplate of numbers", edit{path: "boilerplate/0", val: 7}},
		{SchemaEnriched, fullEnriched(t), "missing entities", edit{path: "entities", del: true}},
		{SchemaEnriched, fullEnriched(t), "missing enriched_at", edit{path: "enriched_at", del: true}},
		{SchemaEnriched, fullEnriched(t), "missing article field", edit{path: "received_at", del: true}},
		{SchemaEnriched, fullEnriched(t), "entities as object", edit{path: "entities", val: map[string]any{}}},
		{SchemaEnriched, fullEnriched(t), "entity without mentions", edit{path: "entities/0/mentions", del: true}},
		{SchemaEnriched, fullEnriched(t), "entity without id", edit{path: "entities/1/id", del: true}},
		{SchemaEnriched, fullEnriched(t), "mention text as number", edit{path: "entities/0/mentions/1/text", val: 42}},
		{SchemaEnriched, fullEnriched(t), "mention offset fractional", edit{path: "entities/0/mentions/1/start", val: 1.5}},
		{SchemaEnriched, fullEnriched(t), "speaker without name", edit{path: "quotes/0/speaker/name", del: true}},
		{SchemaEnriched, fullEnriched(t), "speaker as string", edit{path: "quotes/0/speaker", val: "John Healey"}},
		{SchemaEnriched, fullEnriched(t), "partial as string", edit{path: "quotes/1/partial", val: "yes"}},
		{SchemaEnriched, fullEnriched(t), "event without evidence", edit{path: "events/0/evidence", del: true}},
		{SchemaEnriched, fullEnriched(t), "event without root_code", edit{path: "events/0/root_code", del: true}},
		{SchemaEnriched, fullEnriched(t), "root_code one digit", edit{path: "events/0/root_code", val: "4"}},
		{SchemaEnriched, fullEnriched(t), "root_code out of range", edit{path: "events/0/root_code", val: "21"}},
		{SchemaEnriched, fullEnriched(t), "goldstein as string", edit{path: "events/0/goldstein", val: "high"}},
		{SchemaEnriched, fullEnriched(t), "goldstein out of scale", edit{path: "events/0/goldstein", val: 11}},
		{SchemaEnriched, fullEnriched(t), "quad_class 5", edit{path: "events/0/quad_class", val: 5}},
		{SchemaEnriched, fullEnriched(t), "actor without name", edit{path: "events/0/actors/0/name", del: true}},
		{SchemaEnriched, fullEnriched(t), "time date not a date", edit{path: "events/0/time/date", val: "12 March"}},
		{SchemaEnriched, fullEnriched(t), "enriched as string", edit{path: "enriched", val: "true"}},
		{SchemaEnriched, fullEnriched(t), "schema_version as string", edit{path: "schema_version", val: "1"}},
		{SchemaEnriched, fullEnriched(t), "duplicate_of not an id", edit{path: "duplicate_of", val: "abc"}},
		{SchemaURL, fullURLRequest(), "without url", edit{path: "url", del: true}},
		{SchemaURL, fullURLRequest(), "id not a hash", edit{path: "id", val: "https://x"}},
		{SchemaURL, fullURLRequest(), "published not a date", edit{path: "published", val: "yesterday"}},
	}
	cases = append(cases, fanoutInvalidCases(t)...)
	schemasSeen := map[string]bool{}
	for _, c := range cases {
		schemasSeen[c.schema] = true
		t.Run(c.schema+"/"+c.name, func(t *testing.T) {
			s := schemas[c.schema]
			if err := validate(t, s, c.base); err != nil {
				t.Fatalf("base value invalid: %v", err)
			}
			var doc any
			b, _ := json.Marshal(c.base)
			if err := json.Unmarshal(b, &doc); err != nil {
				t.Fatal(err)
			}
			applyEdit(t, doc, c.edit.path, c.edit.del, c.edit.val)
			err := validate(t, s, doc)
			if err == nil {
				t.Fatalf("accepted after %s", c.name)
			}
			// The rejection must be for the edit, not for something else.
			parent, last := "", c.edit.path
			if i := strings.LastIndex(c.edit.path, "/"); i >= 0 {
				parent, last = "/"+c.edit.path[:i], c.edit.path[i+1:]
			}
			want := "at '/" + c.edit.path + "'"
			if c.edit.del {
				want = "at '" + parent + "': missing property '" + last + "'"
			}
			if !strings.Contains(err.Error(), want) {
				t.Fatalf("rejected, but not with %q:\n%v", want, err)
			}
		})
	}
	for _, name := range SchemaNames() {
		if !schemasSeen[name] {
			t.Errorf("no invalid cases for %s", name)
		}
	}
}

func applyEdit(t *testing.T, doc any, path string, del bool, val any) {
	t.Helper()
	keys := strings.Split(path, "/")
	v := doc
	for _, k := range keys[:len(keys)-1] {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i >= len(x) {
				t.Fatalf("edit %s: bad index %s", path, k)
			}
			v = x[i]
		default:
			t.Fatalf("edit %s: %s is not in the document", path, k)
		}
	}
	last := keys[len(keys)-1]
	switch x := v.(type) {
	case map[string]any:
		if _, ok := x[last]; !ok {
			t.Fatalf("edit %s: %s is not in the document", path, last)
		}
		if del {
			delete(x, last)
		} else {
			x[last] = val
		}
	case []any:
		i, err := strconv.Atoi(last)
		if err != nil || i >= len(x) || del {
			t.Fatalf("edit %s: cannot edit index %s", path, last)
		}
		x[i] = val
	default:
		t.Fatalf("edit %s: parent is not a container", path)
	}
}
