package stage

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
)

// TestStreamJSONIsMarshal: a value's JSON written out by StreamJSON, large
// values a chunk at a time (escapes, HTML characters, U+2028, invalid
// UTF-8, multi-byte runes across the chunks' boundaries, base64), is byte
// for byte what Marshal writes, and Len is its length.
func TestStreamJSONIsMarshal(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 3*quoteChunk+17; i++ {
		b.WriteString("«<a href=\"x\">&</a>» \\ é 😀 \u2028 \t\n")
		if i%1000 == 999 {
			b.WriteString("bad \xff\xfe bytes ")
		}
	}
	long := b.String()
	content := bytes.Repeat([]byte{0, 1, 2, 0xff, 'a', '"'}, quoteChunk/2+1)
	ptr := long[1 : OwnedValueBytes+9]
	var many []string // a text of several chunks
	for i := range 3 * textChunk / 10 {
		many = append(many, "n<"+strconv.Itoa(i))
	}
	for _, v := range []largeDoc{
		{ID: "chunks", Names: append(many[:len(many)/2:len(many)/2], append([]string{long}, many[len(many)/2:]...)...), Body: long[5:]},
		{ID: "doc", Body: long, Content: content, Names: []string{"a", long, "<b>"}, Meta: map[string]string{"k": long}, Ptr: &ptr},
		{ID: "small", Body: "short", Content: []byte("abc")},
		{ID: "two", Body: long[:OwnedValueBytes], Names: []string{long[3:]}},
	} {
		want, err := Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		s, err := StreamJSON(v)
		if err != nil {
			t.Fatal(err)
		}
		var w bytes.Buffer
		n, err := s.WriteTo(&w)
		if err != nil || !bytes.Equal(w.Bytes(), want) || int(n) != len(want) || s.Len() != len(want) || !bytes.Equal(s.Bytes(), want) {
			i := 0
			for i < min(w.Len(), len(want)) && w.Bytes()[i] == want[i] {
				i++
			}
			t.Errorf("%s: streamed %d bytes (Len %d, %v), Marshal %d; first difference at %d", v.ID, w.Len(), s.Len(), err, len(want), i)
		}
	}
}
