package stage

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	jsonv1 "github.com/go-json-experiment/json/v1"
)

// largeDoc holds each kind of value the large-payload codecs (UnmarshalOwned,
// StreamJSON) treat apart: strings, base64 bytes, a slice, a map, an omitted
// empty string and a pointer.
type largeDoc struct {
	ID      string            `json:"id"`
	Body    string            `json:"body"`
	Content []byte            `json:"content"`
	Names   []string          `json:"names"`
	Meta    map[string]string `json:"meta,omitempty"`
	Empty   string            `json:"empty,omitempty"`
	Ptr     *string           `json:"ptr"`
}

// within reports whether s's bytes lie in data.
func within(s string, data []byte) bool {
	p, lo := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(&data[0]))
	return len(s) > 0 && p >= lo && p+uintptr(len(s)) <= lo+uintptr(len(data))
}

// TestUnmarshalOwnedIsUnmarshalInPlace: decoding a payload in place gives
// what encoding/json gives (escapes, surrogate pairs, a lone surrogate,
// base64 bytes, short strings, null), and the large values share the
// payload's memory.
func TestUnmarshalOwnedIsUnmarshalInPlace(t *testing.T) {
	var body strings.Builder
	for body.Len() < 3*OwnedValueBytes {
		body.WriteString("He said \"no\" \\ then/left\n\ttabs, é, 😀 and \u2028 — fin. ")
	}
	long := body.String()
	content := []byte(strings.Repeat("bytes\x00\xff of a document; ", OwnedValueBytes/8))
	ptr := long[:OwnedValueBytes+7]
	in := largeDoc{ID: "doc-1", Body: long, Content: content, Names: []string{"a", long[:100], long}, Meta: map[string]string{"k": long}, Ptr: &ptr}
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	// Escapes encoding/json does not write itself.
	raw := strings.Replace(string(data), `"id":"doc-1"`, `"id":"d\u006fc-1"`, 1)
	raw = strings.Replace(raw, `"body":"He said`, `"body":"\ud83d\ude00\u00e9\/ He said`, 1)
	for _, opts := range []string{"v2", "v1"} {
		if opts == "v1" { // a lone surrogate: U+FFFD (an error under v2's options)
			raw = strings.Replace(raw, `"body":"`, `"body":"\ud800x`, 1)
		}
		var want largeDoc
		if err := json.Unmarshal([]byte(raw), &want); err != nil {
			t.Fatal(err)
		}
		data := []byte(raw)
		var got largeDoc
		if opts == "v1" {
			err = UnmarshalOwned(data, &got, jsonv1.DefaultOptionsV1())
		} else {
			err = UnmarshalOwned(data, &got)
		}
		if err != nil {
			t.Fatalf("%s: %v", opts, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: decoded in place, the document differs from encoding/json's (body %d bytes, want %d; equal %v; content equal %v)",
				opts, len(got.Body), len(want.Body), got.Body == want.Body, string(got.Content) == string(want.Content))
		}
		for name, v := range map[string]string{"body": got.Body, "content": unsafe.String(unsafe.SliceData(got.Content), len(got.Content)), "ptr": *got.Ptr, "names[2]": got.Names[2], "meta": got.Meta["k"]} {
			if !within(v, data) {
				t.Errorf("%s: the large %s was copied out of the payload", opts, name)
			}
		}
		if within(got.ID, data) || within(got.Names[1], data) {
			t.Errorf("%s: a short value shares the payload", opts)
		}
	}
}

// TestUnmarshalOwnedSpansSayWhatWasDecodedInPlace: the spans are the
// literals of the large values decoded in place, in order, and the bytes
// outside them are the payload as it came.
func TestUnmarshalOwnedSpansSayWhatWasDecodedInPlace(t *testing.T) {
	long := strings.Repeat(`a \"quoted\" line\n`, OwnedValueBytes/8) // JSON escapes
	raw := `{"id":"doc-1","body":"` + long + `","names":["short","` + long[:OwnedValueBytes+2] + `"],"content":"` +
		strings.Repeat("QUJD", OwnedValueBytes/2) + `"}`
	data := []byte(raw)
	var got largeDoc
	spans, err := UnmarshalOwnedSpans(data, &got)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`"` + long + `"`, `"` + long[:OwnedValueBytes+2] + `"`, `"` + strings.Repeat("QUJD", OwnedValueBytes/2) + `"`}
	if len(spans) != len(want) {
		t.Fatalf("%d spans, want %d: %v", len(spans), len(want), spans)
	}
	outside, last := "", 0
	for i, sp := range spans {
		if raw[sp.Start:sp.End] != want[i] {
			t.Errorf("span %d is %.40q..., want the literal %.40q...", i, raw[sp.Start:sp.End], want[i])
		}
		if string(data[sp.Start:sp.End]) == raw[sp.Start:sp.End] {
			t.Errorf("span %d: its bytes were not decoded in place", i)
		}
		outside += string(data[last:sp.Start]) + "|"
		last = sp.End
	}
	outside += string(data[last:])
	if w := `{"id":"doc-1","body":|,"names":["short",|],"content":|}`; outside != w {
		t.Errorf("outside the spans the payload reads %q, want %q", outside, w)
	}
	if got.Body != strings.NewReplacer(`\"`, `"`, `\n`, "\n").Replace(long) || !within(got.Body, data) {
		t.Errorf("the body was not decoded in place (%d bytes)", len(got.Body))
	}
}

// TestUnmarshalOwnedInvalidUTF8: a large string with invalid UTF-8 is
// decoded as the options say (replaced under v1's, an error under v2's).
func TestUnmarshalOwnedInvalidUTF8(t *testing.T) {
	raw := `{"body":"` + strings.Repeat("ab\xffc", OwnedValueBytes/2) + `","id":"x"}`
	var want, got largeDoc
	if err := json.Unmarshal([]byte(raw), &want); err != nil {
		t.Fatal(err)
	}
	if err := UnmarshalOwned([]byte(raw), &got, jsonv1.DefaultOptionsV1()); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("v1 options: %v; equal to encoding/json's: %v", err, reflect.DeepEqual(got, want))
	}
	if err := UnmarshalOwned([]byte(raw), &got); err == nil {
		t.Error("v2 options: invalid UTF-8 decoded without an error")
	}
}

// TestLongString: where a string's closing quote is, escaped quotes and
// backslashes counted.
func TestLongString(t *testing.T) {
	for _, c := range []struct {
		buf  string
		want bool
	}{
		{`:"abc"`, false},
		{` : "ab\"cdefgh`, true},
		{`,"ab\\"cdefghij`, false},
		{`"abcdefghijkl"`, true},
		{`"abcdefg"`, false},
		{`"abcdefgh"`, true},
		{`"abc`, false},
		{`"ab\"c`, false},
		{`123`, false},
	} {
		if got := longString([]byte(c.buf), 9); got != c.want {
			t.Errorf("longString(%q, 9) = %v, want %v", c.buf, got, c.want)
		}
	}
}
