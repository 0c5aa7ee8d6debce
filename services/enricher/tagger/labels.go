package tagger

// Types are the entity types the tagger knows, in label order.
var Types = [...]string{"PER", "ORG", "LOC", "MISC"}

// BILOU positions of a token inside a span.
const (
	posB = iota // first token of a span of two or more
	posI        // inside
	posL        // last
	posU        // a span of one token
)

const nLabels = 1 + len(Types)*4

// label is 0 for outside, else 1 + type*4 + position.
type label uint8

func mkLabel(typ, pos int) label { return label(1 + typ*4 + pos) }

func (l label) typ() int { return (int(l) - 1) / 4 }
func (l label) pos() int { return (int(l) - 1) % 4 }

// String is the label's BILOU name ("B-PER", "O").
func (l label) String() string {
	if l == 0 {
		return "O"
	}
	return string("BILU"[l.pos()]) + "-" + Types[l.typ()]
}

// allowed reports whether label b may follow label a (a == nLabels: the start).
func allowed(a, b int) bool {
	open := a != nLabels && a != 0 && (label(a).pos() == posB || label(a).pos() == posI)
	if b == 0 {
		return !open
	}
	lb := label(b)
	cont := lb.pos() == posI || lb.pos() == posL
	if open {
		return cont && lb.typ() == label(a).typ()
	}
	return !cont
}

// final reports whether a sentence may end on label a.
func final(a int) bool {
	return a == 0 || label(a).pos() == posL || label(a).pos() == posU
}

// labelsOf turns spans over n tokens into BILOU labels.
func labelsOf(n int, spans []Span) []label {
	out := make([]label, n)
	for _, s := range spans {
		t := typeIndex(s.Type)
		if t < 0 || s.Start < 0 || s.End > n || s.Start >= s.End {
			continue
		}
		if s.End-s.Start == 1 {
			out[s.Start] = mkLabel(t, posU)
			continue
		}
		out[s.Start] = mkLabel(t, posB)
		for i := s.Start + 1; i < s.End-1; i++ {
			out[i] = mkLabel(t, posI)
		}
		out[s.End-1] = mkLabel(t, posL)
	}
	return out
}

// spansOf reads spans back from a valid label sequence.
func spansOf(ls []label) []Span { return appendSpans(nil, ls) }

// appendSpans appends to out the spans of a valid label sequence.
func appendSpans(out []Span, ls []label) []Span {
	start := -1
	for i, l := range ls {
		if l == 0 {
			start = -1
			continue
		}
		switch l.pos() {
		case posU:
			out = append(out, Span{Start: i, End: i + 1, Type: Types[l.typ()]})
		case posB:
			start = i
		case posL:
			if start >= 0 {
				out = append(out, Span{Start: start, End: i + 1, Type: Types[l.typ()]})
			}
			start = -1
		}
	}
	return out
}

func typeIndex(t string) int {
	for i, x := range Types {
		if x == t {
			return i
		}
	}
	return -1
}
