package htmldoc

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockAtoms end the running paragraph when they open or close. Read-only.
var blockAtoms = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Blockquote: true,
	atom.Pre: true, atom.Section: true, atom.Article: true, atom.Main: true, atom.Table: true,
	atom.Tr: true, atom.Td: true, atom.Th: true, atom.Dd: true, atom.Dt: true, atom.Dl: true,
	atom.Br: true, atom.Hr: true, atom.Header: true, atom.Footer: true, atom.Figure: true,
	atom.Address: true, atom.Details: true, atom.Summary: true, atom.Caption: true,
}

// skipAtoms never hold article text. Read-only.
var skipAtoms = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Object: true, atom.Button: true,
	atom.Select: true, atom.Textarea: true, atom.Input: true, atom.Form: true, atom.Head: true,
}

// chromeAtoms are page furniture skipped when walking a whole page. Read-only.
var chromeAtoms = map[atom.Atom]bool{
	atom.Nav: true, atom.Aside: true, atom.Header: true, atom.Footer: true, atom.Menu: true,
}

// walker collects block texts from an HTML tree.
type walker struct {
	// page is true when walking a whole page rather than extracted content:
	// navigation, headers and footers are skipped there.
	page     bool
	cur      strings.Builder
	paras    []string
	captions []string
}

// Blocks returns the texts of the block elements under n, in document order;
// figure captions are returned apart.
func Blocks(n *html.Node, page bool) (paras, captions []string) {
	w := &walker{page: page}
	w.walk(n)
	w.flush()
	return w.paras, w.captions
}

func (w *walker) flush() {
	if t := strings.TrimSpace(w.cur.String()); t != "" {
		w.paras = append(w.paras, t)
	}
	w.cur.Reset()
}

func (w *walker) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.cur.WriteString(n.Data)
		return
	case html.ElementNode:
		if skipAtoms[n.DataAtom] || (w.page && chromeAtoms[n.DataAtom]) || hidden(n) {
			return
		}
		if n.DataAtom == atom.Figcaption {
			w.flush()
			if t := strings.TrimSpace(textOf(n)); t != "" {
				w.captions = append(w.captions, t)
			}
			return
		}
		if n.DataAtom == atom.Img {
			return
		}
	}
	block := n.Type == html.ElementNode && blockAtoms[n.DataAtom]
	if block {
		w.flush()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
	if block {
		w.flush()
	}
}

// hidden reports elements marked hidden or aria-hidden.
func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		}
	}
	return false
}

// textOf concatenates the text under n, skipping scripts and styles below it.
func textOf(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		if n.Type == html.ElementNode && skipAtoms[n.DataAtom] {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	// n itself may be a script (JSON-LD) or title: read its children.
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		rec(c)
	}
	return b.String()
}
