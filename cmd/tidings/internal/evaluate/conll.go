package evaluate

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode"
)

// CoNLLToken is one token of a CoNLL column file with its entity tag.
type CoNLLToken struct{ Text, Tag string }

// CoNLLDoc is one document of a CoNLL column file: its sentences.
type CoNLLDoc [][]CoNLLToken

// Mention is a name in a text: byte offsets, type (PER, ORG, LOC, MISC or
// the record's PERSON, ...) and text.
type Mention struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Type  string `json:"type"`
	Text  string `json:"text,omitempty"`
}

// Region is one sentence of a laid-out document: header, prose or other.
type Region struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Kind  string `json:"kind"`
}

// Built is a CoNLL document laid out as a plain-text article.
type Built struct {
	Text     string
	Mentions []Mention
	Regions  []Region
	Prose    bool // running news text, not a results table
}

// ReadCoNLL reads a CoNLL-2003 column file (token ... NE tag per line,
// sentences separated by blank lines, documents by -DOCSTART-; IOB1 or IOB2).
func ReadCoNLL(r io.Reader) ([]CoNLLDoc, error) {
	var docs []CoNLLDoc
	var doc CoNLLDoc
	var sent []CoNLLToken
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		cols := strings.Fields(sc.Text())
		switch {
		case len(cols) == 0:
			if sent != nil {
				doc, sent = append(doc, sent), nil
			}
		case cols[0] == "-DOCSTART-":
			if sent != nil {
				doc, sent = append(doc, sent), nil
			}
			if doc != nil {
				docs, doc = append(docs, doc), nil
			}
		case len(cols) < 2:
			return nil, fmt.Errorf("line %d: want a token and its tag, got %q", line, sc.Text())
		default:
			tag := cols[len(cols)-1]
			if !validTag(tag) {
				return nil, fmt.Errorf("line %d: %q is no IOB tag (O, I-TYPE or B-TYPE)", line, tag)
			}
			sent = append(sent, CoNLLToken{Text: cols[0], Tag: tag})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if sent != nil {
		doc = append(doc, sent)
	}
	if doc != nil {
		docs = append(docs, doc)
	}
	return docs, nil
}

func validTag(t string) bool {
	return t == "O" || (strings.HasPrefix(t, "I-") || strings.HasPrefix(t, "B-")) && len(t) > 2
}

// spansOf reads IOB1 or IOB2 tags: [first token, last token + 1, type].
func spansOf(sent []CoNLLToken) [][3]any {
	var out [][3]any
	start, typ := -1, ""
	for i, t := range sent {
		cur := ""
		if t.Tag != "O" {
			cur = t.Tag[2:]
		}
		if cur != "" && start >= 0 && typ == cur && !strings.HasPrefix(t.Tag, "B-") {
			continue
		}
		if start >= 0 {
			out = append(out, [3]any{start, i, typ})
			start = -1
		}
		if cur != "" {
			start, typ = i, cur
		}
	}
	if start >= 0 {
		out = append(out, [3]any{start, len(sent), typ})
	}
	return out
}

var (
	noSpaceBefore = set(",", ".", ";", ":", ")", "]", "}", "?", "!", "%", "...", "'s", "'S", "n't", "N'T", "'m", "'ve", "'d", "'re", "'ll")
	noSpaceAfter  = set("(", "[", "{", "$")
	dateToken     = regexp.MustCompile(`^\d{4}-\d\d-\d\d$`)
)

func set(ws ...string) map[string]bool {
	m := map[string]bool{}
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// detok joins tokens as conll.py does; quotes holds the quote marks open
// before the first token and is updated. It returns the text and each
// token's start offset.
func detok(toks []string, quotes map[string]bool) (string, []int) {
	var b strings.Builder
	starts := make([]int, len(toks))
	glue := true // no space before the next token
	for i, t := range toks {
		nxt := ""
		if i+1 < len(toks) {
			nxt = toks[i+1]
		}
		space, afterGlue := !glue, noSpaceAfter[t]
		out := b.String()
		switch {
		case noSpaceBefore[t]:
			space = false
		case t == "'" && (strings.HasSuffix(out, "s") || strings.HasSuffix(out, "S")) && startsAlnum(nxt) && !quotes["'"]:
			space = false // plural possessive: players' tunnel
		case t == "'" && strings.HasSuffix(out, "'"):
			space, afterGlue = false, glue // ' ' -> '' (one quote mark, already counted)
		case t == "\"" || t == "'":
			if quotes[t] {
				space = false // closing quote hugs the word before
				delete(quotes, t)
			} else {
				afterGlue = true // opening quote hugs the word after
				quotes[t] = true
			}
		}
		if t == "$" && !startsDigit(nxt) {
			afterGlue = false
		}
		if b.Len() > 0 && space {
			b.WriteByte(' ')
		}
		starts[i] = b.Len()
		b.WriteString(t)
		glue = afterGlue
	}
	return b.String(), starts
}

// startsAlnum mirrors Python's str.isalnum on the first character.
func startsAlnum(s string) bool {
	for _, r := range s {
		return unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	return false
}

func startsDigit(s string) bool {
	for _, r := range s {
		return unicode.IsDigit(r)
	}
	return false
}
