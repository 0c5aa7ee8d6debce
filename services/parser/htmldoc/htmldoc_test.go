package htmldoc

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestReadShortPage(t *testing.T) {
	// Too short for article extraction: the page's own blocks are used,
	// navigation and footer left out.
	src := `<html lang="fr"><head><title>Court billet</title>
<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2025-01-05T10:00:00+01:00"}</script></head>
<body><nav>Accueil</nav><p>Premier paragraphe.</p><p>Second<br>paragraphe.</p>
<figure><figcaption>Une légende</figcaption></figure><footer>Pied de page</footer></body></html>`
	d, err := Read([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Court billet" || d.Language != "fr" {
		t.Errorf("title %q language %q", d.Title, d.Language)
	}
	if d.Published == nil || !d.Published.Equal(time.Date(2025, 1, 5, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("published = %v", d.Published)
	}
	joined := strings.Join(d.Paragraphs, "|")
	for _, no := range []string{"Accueil", "Pied de page", "Une légende"} {
		if strings.Contains(joined, no) {
			t.Errorf("paragraphs %q contain %q", d.Paragraphs, no)
		}
	}
	if !strings.Contains(joined, "Premier paragraphe.") {
		t.Errorf("paragraphs = %q", d.Paragraphs)
	}
	if !slices.Contains(d.Boilerplate, "Une légende") {
		t.Errorf("caption not recorded: %q", d.Boilerplate)
	}
}

func TestFragment(t *testing.T) {
	paras, captions, err := Fragment("<p>One <b>bold</b> line.</p><ul><li>Item</li></ul><figure><img src=x><figcaption>Cap</figcaption></figure><script>x()</script>")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"One bold line.", "Item"}; !slices.Equal(paras, want) {
		t.Errorf("paragraphs = %q, want %q", paras, want)
	}
	if !slices.Equal(captions, []string{"Cap"}) {
		t.Errorf("captions = %q", captions)
	}
}

func TestLooksLikeHTML(t *testing.T) {
	for s, want := range map[string]bool{
		"<!DOCTYPE html><html>": true,
		"  <p>Para</p>":         true,
		"<3 love it":            false,
		"Plain text <p>":        false,
	} {
		if got := LooksLikeHTML(s); got != want {
			t.Errorf("LooksLikeHTML(%q) = %v", s, got)
		}
	}
}

func TestJSONLDString(t *testing.T) {
	src := `{"headline": "x", "datePublished" : "2025-01-05", "author": {"name": "A"}}`
	if got := jsonLDString(src, "datePublished"); got != "2025-01-05" {
		t.Errorf("got %q", got)
	}
	if got := jsonLDString(src, "dateModified"); got != "" {
		t.Errorf("got %q", got)
	}
	if got := jsonLDString(`{"datePublished": 5}`, "datePublished"); got != "" {
		t.Errorf("got %q", got)
	}
}

func TestStripTitleSuffix(t *testing.T) {
	cases := []struct{ title, want string }{
		{"Whales stranded | Ann Lee", "Whales stranded"},
		{"Obama speaks - BBC News", "Obama speaks"},
		{"Left - right - centre", "Left - right - centre"},
		{"Plain title", "Plain title"},
	}
	for _, c := range cases {
		if got := stripTitleSuffix(c.title, "BBC News", "", "Ann Lee"); got != c.want {
			t.Errorf("stripTitleSuffix(%q) = %q, want %q", c.title, got, c.want)
		}
	}
}

func TestReadLegacyCharset(t *testing.T) {
	src := []byte("<html><head><meta charset=\"iso-8859-1\"></head><body><p>Le caf\xe9 co\xfbte 3 \xa3.</p></body></html>")
	d, err := Read(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Paragraphs) != 1 || d.Paragraphs[0] != "Le café coûte 3 £." {
		t.Errorf("paragraphs = %q", d.Paragraphs)
	}
}
