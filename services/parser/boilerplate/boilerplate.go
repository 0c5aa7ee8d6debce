// Package boilerplate recognizes lines of a news page that are not part of the
// article's text: photo captions and picture credits, gallery prompts, "Read
// more" and "Sign up" promotions, advertisement markers and share prompts.
package boilerplate

import (
	"strings"
	"unicode"
)

// maxPromoLen bounds the length of a promotion or share line; longer lines
// are prose even when they start like one.
const maxPromoLen = 160

// prefixWindow is how much of a line's head the prefix tests read.
const prefixWindow = 48

// maxCreditLen bounds the credit after "Photograph:" and the like.
const maxCreditLen = 80

// Is reports whether the normalized paragraph p is boilerplate.
func Is(p string) bool {
	if p == "" {
		return false
	}
	// Every prefix test looks at the head only; lower-case just that, and
	// only when a test needs the string (an ASCII head is compared in place).
	head := p[:min(len(p), prefixWindow)]
	ascii := isASCII(head)
	var lower string
	if !ascii || len(p) <= maxPromoLen {
		lower = strings.ToLower(head)
	}
	for _, pre := range captionPrefixes {
		if ascii && hasLowerPrefix(head, pre) || !ascii && strings.HasPrefix(lower, pre) {
			return true
		}
	}
	if len(p) <= maxPromoLen {
		if promo(lower) || shareButtons(p) {
			return true
		}
	}
	return bracketedNote(p) || endsWithAgencyCredit(p) || hasTrailingCredit(p)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// hasLowerPrefix reports strings.HasPrefix(strings.ToLower(s), pre) for an
// ASCII s.
func hasLowerPrefix(s, pre string) bool {
	if len(s) < len(pre) {
		return false
	}
	for i := 0; i < len(pre); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != pre[i] {
			return false
		}
	}
	return true
}

// maxNoteLen bounds a bracketed editorial note.
const maxNoteLen = 200

// bracketedNote reports a short paragraph wholly in square brackets, the
// way sites insert promotions: "[Get the morning briefing in your inbox.]".
func bracketedNote(p string) bool {
	return len(p) <= maxNoteLen && strings.HasPrefix(p, "[") && strings.HasSuffix(p, "]") &&
		strings.Count(p, "[") == 1
}

// captionPrefixes start gallery and caption lines (lower case). Read-only.
var captionPrefixes = []string{
	"open image in gallery", "view image in fullscreen", "enlarge this image",
	"image caption", "photo caption", "caption:", "image:", "photo:", "photograph:",
	"picture:", "credit:", "image credit", "photo credit", "illustration:",
	"image source", "media caption", "skip past newsletter promotion",
	"after newsletter promotion",
}

// promoPrefixes start short promotional lines (lower case). Read-only.
var promoPrefixes = []string{
	"read more", "sign up", "advertisement", "advertisment", "share this", "share on ",
	"share via", "click to share", "follow us", "subscribe to", "subscribe now",
	"related:", "related articles", "related stories", "related content",
	"more on this story", "most read", "continue reading", "listen to this article",
	"story continues below", "article continues below", "reuse this content",
	"download the app", "get the latest", "don't miss", "watch:", "watch live",
	"click here", "recommended:", "more:", "see also:", "explore more on these topics",
	"this article was amended", "copy link", "join our", "supported by",
	"related videos", "loading comments", "view comments", "most popular", "you may also like",
	"recommended for you", "trending now", "top stories", "image copyright",
}

// promoLines are whole lines of page furniture (lower case, without final
// punctuation). Read-only.
var promoLines = map[string]bool{
	"comments": true, "getty images": true, "print this page": true, "share": true,
	"related": true, "more": true, "top": true, "menu": true, "close": true, "loading": true,
	"skip advertisement": true, "play video": true, "watch video": true, "video": true,
	"listen": true, "next": true, "previous": true, "back to top": true,
}

func promo(lower string) bool {
	if promoLines[strings.TrimRight(lower, ".:…")] {
		return true
	}
	for _, pre := range promoPrefixes {
		if strings.HasPrefix(lower, pre) {
			return true
		}
	}
	return false
}

// shareWords are the labels of share buttons (lower case). Read-only.
var shareWords = map[string]bool{
	"share": true, "facebook": true, "twitter": true, "x": true, "email": true, "e-mail": true,
	"whatsapp": true, "linkedin": true, "pinterest": true, "reddit": true, "messenger": true,
	"print": true, "copy": true, "link": true, "comments": true, "tweet": true, "bluesky": true,
	"threads": true, "flipboard": true, "telegram": true, "mail": true, "save": true,
}

// shareButtons reports a line made only of share-button labels, matched in
// lower case. Each word is lowered alone (the same words as lowering the
// line first: no separator lowers from or into another rune), so that a
// line of prose stops at its first word.
func shareButtons(p string) bool {
	n := 0
	for w := range strings.FieldsFuncSeq(p, shareSep) {
		if !shareWords[strings.ToLower(w)] {
			return false
		}
		n++
	}
	return n > 0
}

func shareSep(r rune) bool {
	return unicode.IsSpace(r) || r == '|' || r == '/' || r == '·' || r == '•' || r == ','
}
