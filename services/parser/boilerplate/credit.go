package boilerplate

import (
	"strings"
	"unicode/utf8"
)

// agencies are picture agencies and credit words as they appear in a caption's
// closing parenthesis, lower case. Read-only.
var agencies = map[string]bool{
	"pa": true, "pa wire": true, "pa media": true, "pa archive": true, "pa images": true,
	"getty": true, "getty images": true, "afp": true, "afp via getty images": true,
	"ap": true, "ap photo": true, "reuters": true, "epa": true, "epa-efe": true, "efe": true,
	"alamy": true, "alamy stock photo": true, "shutterstock": true, "rex": true,
	"rex features": true, "rex/shutterstock": true, "bloomberg": true, "bloomberg via getty images": true,
	"handout": true, "supplied": true, "file": true, "file photo": true, "anadolu": true,
	"xinhua": true, "sipa": true, "nurphoto": true, "dpa": true, "ansa": true, "ukrinform": true,
	"the independent": true, "the guardian": true, "evening standard": true, "bbc": true,
	"pool": true, "pool photo": true, "wpa pool": true, "youtube": true, "x": true, "twitter": true,
}

// creditMarkers introduce a picture credit at the end of a caption. Read-only.
var creditMarkers = []string{
	"Photograph: ", "Photo: ", "Photos: ", "Picture: ", "Pictures: ", "Image: ", "Images: ",
	"Credit: ", "Illustration: ", "Pic: ", "Photo credit: ", "Composite: ", "Video: ",
}

// endsWithAgencyCredit reports a line whose last parenthesis credits a
// picture agency, like "… (Jane Roe/PA) ( PA Wire )" or "… (Getty Images)".
func endsWithAgencyCredit(p string) bool {
	if !strings.HasSuffix(p, ")") {
		return false
	}
	open := strings.LastIndexByte(p, '(')
	if open < 0 {
		return false
	}
	inner := strings.TrimSpace(p[open+1 : len(p)-1])
	return isCredit(inner)
}

// isCredit reports a parenthesis content naming a picture agency, possibly
// after the photographer: "Jane Roe/PA", "AFP via Getty Images".
func isCredit(inner string) bool {
	if inner == "" || len(inner) > maxCreditLen {
		return false
	}
	lower := strings.ToLower(inner)
	if agencies[lower] {
		return true
	}
	if slash := strings.LastIndexByte(lower, '/'); slash >= 0 {
		if agencies[strings.TrimSpace(lower[slash+1:])] {
			return true
		}
	}
	return strings.HasSuffix(lower, "getty images") || strings.HasSuffix(lower, "via reuters") ||
		strings.HasSuffix(lower, "pa wire") || strings.HasSuffix(lower, "/ap")
}

// hasTrailingCredit reports a caption that ends with a credit marker and a
// short credit: "… Somerset House, London. Photo: John Doe/PA Wire".
func hasTrailingCredit(p string) bool {
	// The credit is short and last: only the tail can hold its marker.
	tailStart := max(0, len(p)-maxCreditLen-len("Photo credit: "))
	tail := p[tailStart:]
	if !strings.Contains(tail, ": ") {
		return false
	}
	for _, m := range creditMarkers {
		idx := strings.LastIndex(tail, m)
		if idx >= 0 {
			idx += tailStart
		}
		if idx < 0 {
			continue
		}
		if idx > 0 && !precededByBreak(p[:idx]) {
			continue
		}
		credit := p[idx+len(m):]
		if credit == "" || len(credit) > maxCreditLen || strings.Count(credit, " ") > 8 {
			continue
		}
		if r, _ := utf8.DecodeLastRuneInString(credit); r == '.' || r == '!' || r == '?' || r == '”' || r == '"' {
			continue
		}
		return true
	}
	return false
}

// precededByBreak reports that the text before a credit marker ends a
// sentence or a clause, so that "Photo:" starts the credit.
func precededByBreak(before string) bool {
	t := strings.TrimRight(before, " ")
	if t == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(t)
	switch r {
	case '.', '|', ')', '-', '–', '—', ';', ',', '”', '"', '!', '?':
		return true
	}
	return false
}
