package events

import (
	"encoding"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// This file checks that the JSON Schemas describe exactly what encoding/json
// makes of the Go types: the same properties (embedded structs flattened, json
// tags honoured), required = the fields without omitempty/omitzero, and the
// same JSON types, recursively through $defs.

// schemaTypes maps each schema to the Go type it describes.
var schemaTypes = map[string]reflect.Type{
	SchemaURL:      reflect.TypeFor[URLRequest](),
	SchemaDocument: reflect.TypeFor[Document](),
	SchemaArticle:  reflect.TypeFor[Article](),
	SchemaEnriched: reflect.TypeFor[EnrichedArticle](),
	SchemaEvent:    reflect.TypeFor[EventMessage](),
	SchemaEntity:   reflect.TypeFor[EntityMessage](),
	SchemaQuote:    reflect.TypeFor[QuoteMessage](),
}

func TestSchemaMatchesGoTypes(t *testing.T) {
	for _, name := range SchemaNames() {
		t.Run(name, func(t *testing.T) {
			typ, ok := schemaTypes[name]
			if !ok {
				t.Fatalf("no Go type registered for %s in schemaTypes", name)
			}
			for _, p := range checkSchemaAgainstType(name, loadSchemaMap(t, name), typ) {
				t.Error(p)
			}
		})
	}
}

// TestJSONFieldsAgreeWithEncodingJSON guards the checker's own model of
// encoding/json: the zero value of each struct marshals exactly its required
// fields, and a value with every field set marshals exactly all of them.
func TestJSONFieldsAgreeWithEncodingJSON(t *testing.T) {
	types := []reflect.Type{reflect.TypeFor[probe]()}
	for _, typ := range schemaTypes {
		types = append(types, typ)
		types = append(types, nestedStructs(typ)...)
	}
	for _, typ := range types {
		fields := jsonFields(typ)
		var all, required []string
		for _, f := range fields {
			all = append(all, f.name)
			if !f.optional {
				required = append(required, f.name)
			}
		}
		if got := marshalledKeys(t, reflect.Zero(typ).Interface()); !sameSet(got, required) {
			t.Errorf("%s: zero value marshals %v, checker expects required %v", typ, got, required)
		}
		if got := marshalledKeys(t, fillAll(typ).Interface()); !sameSet(got, all) {
			t.Errorf("%s: populated value marshals %v, checker expects %v", typ, got, all)
		}
	}
}

// probe and its good schema exercise the checker: every kind of field it
// understands, an embedded struct, an ignored field and a nested $def.
type probeBase struct {
	ID string `json:"id"`
}

type probeInner struct {
	Label string `json:"label"`
}

type probe struct {
	probeBase
	Name   string      `json:"name"`
	Count  int         `json:"count,omitempty"`
	Score  float64     `json:"score"`
	OK     bool        `json:"ok"`
	When   time.Time   `json:"when"`
	Blob   []byte      `json:"blob,omitempty"`
	Tags   []string    `json:"tags"`
	Inner  *probeInner `json:"inner,omitempty"`
	Skip   string      `json:"-"`
	hidden string      //lint:ignore U1000 an unexported field the walker must skip
}

// probeExtra has a field the probe schema does not describe.
type probeExtra struct {
	probe
	Extra string `json:"extra"`
}

const probeSchema = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "Probe", "description": "A probe.",
  "type": "object",
  "required": ["id", "name", "score", "ok", "when", "tags"],
  "properties": {
    "id":    {"title": "ID", "description": "d", "type": "string"},
    "name":  {"title": "Name", "description": "d", "type": "string"},
    "count": {"title": "Count", "description": "d", "type": "integer"},
    "score": {"title": "Score", "description": "d", "type": "number"},
    "ok":    {"title": "OK", "description": "d", "type": "boolean"},
    "when":  {"title": "When", "description": "d", "type": "string", "format": "date-time"},
    "blob":  {"title": "Blob", "description": "d", "type": "string", "contentEncoding": "base64"},
    "tags":  {"title": "Tags", "description": "d", "type": ["array", "null"], "items": {"type": "string"}},
    "inner": {"title": "Inner", "description": "d", "$ref": "#/$defs/probeInner"}
  },
  "$defs": {
    "probeInner": {
      "title": "Inner", "description": "d", "type": "object", "required": ["label"],
      "properties": {"label": {"title": "Label", "description": "d", "type": "string"}}
    }
  }
}`

// TestSchemaCheckerCatchesMismatches proves the consistency check can fail:
// each case breaks the probe schema (or the struct) in one way and expects a
// problem that names the field.
func TestSchemaCheckerCatchesMismatches(t *testing.T) {
	good := func() map[string]any {
		var m map[string]any
		if err := json.Unmarshal([]byte(probeSchema), &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	props := func(m map[string]any) map[string]any { return m["properties"].(map[string]any) }
	prop := func(m map[string]any, name string) map[string]any { return props(m)[name].(map[string]any) }

	probeType := reflect.TypeFor[probe]()
	if ps := checkSchemaAgainstType("probe", good(), probeType); len(ps) != 0 {
		t.Fatalf("good probe schema reported problems:\n%s", strings.Join(ps, "\n"))
	}

	cases := []struct {
		name   string
		typ    reflect.Type
		mutate func(m map[string]any)
		want   string // a problem must contain this
	}{
		{"property missing", probeType, func(m map[string]any) { delete(props(m), "score") }, `"score"`},
		{"embedded field missing", probeType, func(m map[string]any) { delete(props(m), "id") }, `"id"`},
		{"extra property", probeType, func(m map[string]any) {
			props(m)["extra"] = map[string]any{"title": "x", "description": "x", "type": "string"}
		}, `"extra"`},
		{"ignored field described", probeType, func(m map[string]any) {
			props(m)["Skip"] = map[string]any{"title": "x", "description": "x", "type": "string"}
		}, `"Skip"`},
		{"go field missing from schema", reflect.TypeFor[probeExtra](), func(map[string]any) {}, `"extra"`},
		{"integer as number", probeType, func(m map[string]any) { prop(m, "count")["type"] = "number" }, "count"},
		{"number as integer", probeType, func(m map[string]any) { prop(m, "score")["type"] = "integer" }, "score"},
		{"bool as string", probeType, func(m map[string]any) { prop(m, "ok")["type"] = "string" }, "ok"},
		{"omitempty field required", probeType, func(m map[string]any) { m["required"] = append(m["required"].([]any), "count") }, `"count"`},
		{"required field not required", probeType, func(m map[string]any) {
			m["required"] = slices.DeleteFunc(m["required"].([]any), func(v any) bool { return v == "name" })
		}, `"name"`},
		{"time without date-time", probeType, func(m map[string]any) { delete(prop(m, "when"), "format") }, "when"},
		{"date-time on plain string", probeType, func(m map[string]any) { prop(m, "name")["format"] = "date-time" }, "name"},
		{"bytes without base64", probeType, func(m map[string]any) { delete(prop(m, "blob"), "contentEncoding") }, "blob"},
		{"nil slice not nullable", probeType, func(m map[string]any) { prop(m, "tags")["type"] = "array" }, "tags"},
		{"omitempty field nullable", probeType, func(m map[string]any) { prop(m, "count")["type"] = []any{"integer", "null"} }, "count"},
		{"wrong item type", probeType, func(m map[string]any) { prop(m, "tags")["items"] = map[string]any{"type": "integer"} }, "tags[]"},
		{"struct inline instead of $ref", probeType, func(m map[string]any) {
			props(m)["inner"] = map[string]any{"title": "x", "description": "x", "type": "object"}
		}, "inner"},
		{"nested field mistyped", probeType, func(m map[string]any) {
			def := m["$defs"].(map[string]any)["probeInner"].(map[string]any)
			def["properties"].(map[string]any)["label"].(map[string]any)["type"] = "integer"
		}, "inner.label"},
		{"nested field missing", probeType, func(m map[string]any) {
			def := m["$defs"].(map[string]any)["probeInner"].(map[string]any)
			delete(def["properties"].(map[string]any), "label")
		}, `"label"`},
		{"dangling $ref", probeType, func(m map[string]any) { prop(m, "inner")["$ref"] = "#/$defs/nope" }, "inner"},
		{"missing $def", probeType, func(m map[string]any) { delete(m["$defs"].(map[string]any), "probeInner") }, "does not resolve"},
		{"unused $def", probeType, func(m map[string]any) {
			m["$defs"].(map[string]any)["unused"] = map[string]any{"type": "object"}
		}, "unused"},
		{"no description", probeType, func(m map[string]any) { delete(prop(m, "name"), "description") }, `"name"`},
		{"no title", probeType, func(m map[string]any) { delete(prop(m, "ok"), "title") }, `"ok"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := good()
			c.mutate(m)
			ps := checkSchemaAgainstType("probe", m, c.typ)
			if len(ps) == 0 {
				t.Fatalf("checker reported nothing, want a problem mentioning %s", c.want)
			}
			if !slices.ContainsFunc(ps, func(p string) bool { return strings.Contains(p, c.want) }) {
				t.Fatalf("no problem mentions %s:\n%s", c.want, strings.Join(ps, "\n"))
			}
			t.Log(strings.Join(ps, "\n"))
		})
	}
}

// jsonField is a property encoding/json emits for a struct.
type jsonField struct {
	name     string
	goName   string // Type.Field, through embedded structs
	typ      reflect.Type
	optional bool // omitempty, omitzero, or reached through an embedded pointer
	asString bool // the ",string" option
}

// jsonFields lists the properties encoding/json emits for struct type t,
// following its rules: exported fields, "-" skipped, tag names, embedded
// structs without a tag name flattened, and on a name clash the shallowest
// field wins (a tagged one among equals), otherwise the name is dropped.
func jsonFields(t reflect.Type) []jsonField {
	type cand struct {
		jsonField
		depth  int
		tagged bool
	}
	var cands []cand
	var walk func(t reflect.Type, depth int, prefix string, viaPtr bool, seen map[reflect.Type]bool)
	walk = func(t reflect.Type, depth int, prefix string, viaPtr bool, seen map[reflect.Type]bool) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			ft := f.Type
			if f.Anonymous {
				et := ft
				if et.Kind() == reflect.Pointer {
					et = et.Elem()
				}
				if !f.IsExported() && et.Kind() != reflect.Struct {
					continue
				}
				if name == "" && et.Kind() == reflect.Struct {
					if !seen[et] {
						seen2 := maps.Clone(seen)
						seen2[et] = true
						walk(et, depth+1, prefix+f.Name+".", viaPtr || ft.Kind() == reflect.Pointer, seen2)
					}
					continue
				}
			} else if !f.IsExported() {
				continue
			}
			c := cand{depth: depth, tagged: name != ""}
			c.name = name
			if name == "" {
				c.name = f.Name
			}
			c.goName = t.Name() + "." + f.Name
			c.typ = ft
			for o := range strings.SplitSeq(opts, ",") {
				switch o {
				case "omitempty", "omitzero":
					c.optional = true
				case "string":
					switch ft.Kind() {
					case reflect.String, reflect.Bool, reflect.Float32, reflect.Float64,
						reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
						reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
						c.asString = true
					}
				}
			}
			c.optional = c.optional || viaPtr
			cands = append(cands, c)
		}
	}
	walk(t, 0, "", false, map[reflect.Type]bool{t: true})

	byName := map[string][]cand{}
	var order []string
	for _, c := range cands {
		if _, ok := byName[c.name]; !ok {
			order = append(order, c.name)
		}
		byName[c.name] = append(byName[c.name], c)
	}
	var out []jsonField
	for _, name := range order {
		cs := byName[name]
		minDepth := slices.MinFunc(cs, func(a, b cand) int { return a.depth - b.depth }).depth
		cs = slices.DeleteFunc(slices.Clone(cs), func(c cand) bool { return c.depth != minDepth })
		if len(cs) > 1 {
			cs = slices.DeleteFunc(cs, func(c cand) bool { return !c.tagged })
		}
		if len(cs) == 1 {
			out = append(out, cs[0].jsonField)
		}
	}
	return out
}

var (
	timeType          = reflect.TypeFor[time.Time]()
	jsonMarshalerType = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// schemaChecker walks one schema document alongside a Go type.
type schemaChecker struct {
	file     string
	defs     map[string]any
	checked  map[string]reflect.Type // $def name -> Go type it was checked against
	problems []string
}

// checkSchemaAgainstType returns every disagreement between the schema
// document root and Go type t; each problem names the JSON path and Go field.
func checkSchemaAgainstType(file string, root map[string]any, t reflect.Type) []string {
	c := &schemaChecker{file: file, checked: map[string]reflect.Type{}}
	if d, ok := root["$defs"]; ok {
		c.defs, _ = d.(map[string]any)
		if c.defs == nil {
			c.addf("", "$defs is not an object")
		}
	}
	c.checkAnnotations("(root)", "", root)
	c.checkStruct("", root, t)
	for _, name := range slices.Sorted(maps.Keys(c.defs)) {
		if _, ok := c.checked[name]; !ok {
			c.addf("", "$defs/%s is not used by any field of %s", name, t.Name())
		}
	}
	return c.problems
}

func (c *schemaChecker) addf(path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if path != "" {
		msg = path + ": " + msg
	}
	c.problems = append(c.problems, c.file+": "+msg)
}

func (c *schemaChecker) checkAnnotations(what, path string, node map[string]any) {
	for _, k := range []string{"title", "description"} {
		if s, _ := node[k].(string); strings.TrimSpace(s) == "" {
			c.addf(path, "%s has no %s", what, k)
		}
	}
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// checkStruct checks an object schema (the root or a $def) against struct t.
func (c *schemaChecker) checkStruct(path string, node map[string]any, t reflect.Type) {
	if !equalTypes(node["type"], "object") {
		c.addf(path, "schema type %v, Go struct %s wants \"object\"", node["type"], t.Name())
	}
	props, _ := node["properties"].(map[string]any)
	if props == nil {
		c.addf(path, "no properties for Go struct %s", t.Name())
	}
	fields := jsonFields(t)
	byName := map[string]jsonField{}
	var wantRequired []string
	for _, f := range fields {
		byName[f.name] = f
		if !f.optional {
			wantRequired = append(wantRequired, f.name)
		}
	}
	for _, f := range fields {
		p := join(path, f.name)
		raw, ok := props[f.name]
		if !ok {
			c.addf(p, "Go field %s (json %q) has no property in the schema", f.goName, f.name)
			continue
		}
		pn, ok := raw.(map[string]any)
		if !ok {
			c.addf(p, "property %q (Go %s) is not a schema object", f.name, f.goName)
			continue
		}
		c.checkAnnotations(fmt.Sprintf("property %q (Go %s)", f.name, f.goName), p, pn)
		// A field without omitempty/omitzero is emitted even when nil: as null.
		nullable := !f.optional && canBeNil(f.typ)
		if f.asString {
			c.checkScalar(p, f.goName, pn, "string", "", "", nullable)
			continue
		}
		c.checkValue(p, f.goName, pn, f.typ, nullable)
	}
	for _, name := range slices.Sorted(maps.Keys(props)) {
		if _, ok := byName[name]; !ok {
			c.addf(join(path, name), "schema property %q has no Go field in %s", name, t.Name())
		}
	}
	var required []string
	if r, ok := node["required"].([]any); ok {
		for _, v := range r {
			s, _ := v.(string)
			required = append(required, s)
		}
	}
	for _, name := range wantRequired {
		if !slices.Contains(required, name) {
			c.addf(join(path, name), "property %q (Go %s) is not in required, but the Go field has no omitempty", name, byName[name].goName)
		}
	}
	for _, name := range required {
		f, ok := byName[name]
		switch {
		case !ok:
			c.addf(join(path, name), "required lists %q, which is no Go field of %s", name, t.Name())
		case f.optional:
			c.addf(join(path, name), "property %q (Go %s) is required, but the Go field is omitempty", name, f.goName)
		}
	}
}

// checkValue checks schema node n against the values of Go type t.
func (c *schemaChecker) checkValue(path, goName string, n map[string]any, t reflect.Type, nullable bool) {
	if t.Kind() == reflect.Pointer && t.Elem().Kind() != reflect.Pointer {
		t = t.Elem()
	}
	if t == timeType {
		c.checkScalar(path, goName, n, "string", "date-time", "", nullable)
		return
	}
	if reflect.PointerTo(t).Implements(jsonMarshalerType) || reflect.PointerTo(t).Implements(textMarshalerType) {
		c.addf(path, "Go %s (%s) has a custom marshaller; the checker cannot infer its JSON shape", goName, t)
		return
	}
	switch t.Kind() {
	case reflect.String:
		c.checkScalar(path, goName, n, "string", "", "", nullable)
	case reflect.Bool:
		c.checkScalar(path, goName, n, "boolean", "", "", nullable)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		c.checkScalar(path, goName, n, "integer", "", "", nullable)
	case reflect.Float32, reflect.Float64:
		c.checkScalar(path, goName, n, "number", "", "", nullable)
	case reflect.Slice, reflect.Array:
		if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 {
			c.checkScalar(path, goName, n, "string", "", "base64", nullable)
			return
		}
		c.checkContainer(path, goName, n, t, nullable, "array", "items", "[]")
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			c.addf(path, "Go %s: map key %s not supported by the checker", goName, t.Key())
			return
		}
		c.checkContainer(path, goName, n, t, nullable, "object", "additionalProperties", "{}")
	case reflect.Struct:
		if nullable {
			c.addf(path, "Go %s can be null; nullable structs are not supported by the checker (make the field omitempty)", goName)
			return
		}
		c.checkRef(path, goName, n, t)
	default:
		c.addf(path, "Go %s has kind %s, not supported by the checker", goName, t.Kind())
	}
}

// checkContainer checks a node of JSON type typ for a slice, array or map
// and the schema of its elements under key, whose paths end in suffix.
func (c *schemaChecker) checkContainer(path, goName string, n map[string]any, t reflect.Type, nullable bool, typ, key, suffix string) {
	c.checkScalar(path, goName, n, typ, "", "", nullable)
	elem, ok := n[key].(map[string]any)
	if !ok {
		c.addf(path, "%s (Go %s) has no %s schema", t.Kind(), goName, key)
		return
	}
	c.checkValue(path+suffix, goName+suffix, elem, t.Elem(), canBeNil(t.Elem()))
}

// checkRef checks that a struct-valued node is a $ref to the $def named after
// the Go type (lower camel case) and checks that $def once.
func (c *schemaChecker) checkRef(path, goName string, n map[string]any, t reflect.Type) {
	want := "#/$defs/" + lowerFirst(t.Name())
	ref, _ := n["$ref"].(string)
	if ref != want {
		c.addf(path, "Go %s is a %s, want {\"$ref\": %q}, got $ref %q", goName, t.Name(), want, ref)
		return
	}
	if _, ok := n["type"]; ok {
		c.addf(path, "Go %s: type beside $ref", goName)
	}
	name := strings.TrimPrefix(ref, "#/$defs/")
	if prev, ok := c.checked[name]; ok {
		if prev != t {
			c.addf(path, "$defs/%s used for both %s and %s", name, prev, t)
		}
		return
	}
	c.checked[name] = t
	def, ok := c.defs[name].(map[string]any)
	if !ok {
		c.addf(path, "Go %s: $ref %s does not resolve", goName, ref)
		return
	}
	c.checkAnnotations("$defs/"+name, path, def)
	c.checkStruct(path, def, t)
}

// checkScalar checks a node's type (with "null" when the Go value can be
// nil), and that format date-time and contentEncoding base64 appear exactly
// where the Go type is time.Time or []byte.
func (c *schemaChecker) checkScalar(path, goName string, n map[string]any, jsonType, format, encoding string, nullable bool) {
	if _, ok := n["$ref"]; ok {
		c.addf(path, "Go %s is not a struct, but the schema has a $ref", goName)
		return
	}
	want := []string{jsonType}
	if nullable {
		want = append(want, "null")
	}
	if !equalTypes(n["type"], want...) {
		var w any = want
		if len(want) == 1 {
			w = want[0]
		}
		c.addf(path, "schema type %s, Go %s wants %s", jsonString(n["type"]), goName, jsonString(w))
	}
	if got, _ := n["format"].(string); (got == "date-time") != (format == "date-time") {
		if format == "date-time" {
			c.addf(path, "Go %s is a time.Time, want format \"date-time\", got %q", goName, got)
		} else {
			c.addf(path, "Go %s is no time.Time, but has format \"date-time\"", goName)
		}
	}
	if got, _ := n["contentEncoding"].(string); got != encoding {
		c.addf(path, "Go %s wants contentEncoding %q, got %q", goName, encoding, got)
	}
}

func equalTypes(v any, want ...string) bool {
	var got []string
	switch v := v.(type) {
	case string:
		got = []string{v}
	case []any:
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return false
			}
			got = append(got, s)
		}
	default:
		return false
	}
	return sameSet(got, want)
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	sort.Strings(a)
	sort.Strings(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b)) && len(a) == len(b)
}

func canBeNil(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return true
	}
	return false
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// nestedStructs lists the struct types reachable from t's fields (not t itself).
func nestedStructs(t reflect.Type) []reflect.Type {
	seen := map[reflect.Type]bool{t: true, timeType: true}
	var out []reflect.Type
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for _, f := range jsonFields(t) {
			ft := f.typ
			for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice || ft.Kind() == reflect.Array || ft.Kind() == reflect.Map {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct && !seen[ft] {
				seen[ft] = true
				out = append(out, ft)
				walk(ft)
			}
		}
	}
	walk(t)
	return out
}

// fillAll returns a value of struct type t with every exported field non-empty.
func fillAll(t reflect.Type) reflect.Value {
	v := reflect.New(t).Elem()
	var fill func(v reflect.Value)
	fill = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			v.Set(reflect.New(v.Type().Elem()))
			fill(v.Elem())
		case reflect.Struct:
			if v.Type() == timeType {
				v.Set(reflect.ValueOf(time.Date(2025, 3, 12, 0, 0, 0, 0, time.UTC)))
				return
			}
			for i := range v.NumField() {
				if v.Field(i).CanSet() {
					fill(v.Field(i))
				}
			}
		case reflect.Slice:
			v.Set(reflect.MakeSlice(v.Type(), 1, 1))
			fill(v.Index(0))
		case reflect.String:
			v.SetString("x")
		case reflect.Bool:
			v.SetBool(true)
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			v.SetInt(1)
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			v.SetUint(1)
		case reflect.Float32, reflect.Float64:
			v.SetFloat(1)
		}
	}
	fill(v)
	return v
}

func marshalledKeys(t *testing.T, v any) []string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return slices.Collect(maps.Keys(m))
}
