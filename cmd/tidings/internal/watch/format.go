package watch

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/tidings-news/tidings/pkg/events"
)

// Text is the readable one-line form of a fan-out message of kind.
func Text(kind string, data []byte) (string, error) {
	switch kind {
	case events.KindEvent:
		var m events.EventMessage
		if err := json.Unmarshal(data, &m); err != nil {
			return "", err
		}
		return eventLine(&m), nil
	case events.KindEntity:
		var m events.EntityMessage
		if err := json.Unmarshal(data, &m); err != nil {
			return "", err
		}
		return entityLine(&m), nil
	case events.KindQuote:
		var m events.QuoteMessage
		if err := json.Unmarshal(data, &m); err != nil {
			return "", err
		}
		return quoteLine(&m), nil
	}
	return "", fmt.Errorf("unknown kind %q", kind)
}

// eventLine: date, code, label, who → whom @ where, and the article.
func eventLine(m *events.EventMessage) string {
	var b strings.Builder
	date := "????-??-??"
	if m.Time != nil && m.Time.Date != "" {
		date = m.Time.Date
	}
	fmt.Fprintf(&b, "%s  %s %-4s %s: %s", date, m.RootCode, m.Code, m.Label, names(m.Actors, "?"))
	if len(m.Targets) > 0 {
		b.WriteString(" → " + names(m.Targets, ""))
	}
	if m.Location != nil {
		b.WriteString(" @ " + m.Location.Name)
	}
	if m.Future {
		b.WriteString(" (future)")
	}
	fmt.Fprintf(&b, "  «%s»  — %s", clip(m.Evidence.Text, 100), article(m.Article))
	return b.String()
}

// entityLine: type, id, name, mention count, whether new, and the article.
func entityLine(m *events.EntityMessage) string {
	isNew := ""
	if m.FirstSeen {
		isNew = " (new)"
	}
	aliases := ""
	if len(m.Entity.Aliases) > 0 {
		aliases = " aka " + strings.Join(m.Entity.Aliases, ", ")
	}
	return fmt.Sprintf("%-6s %s  %s%s  ×%d%s  — %s", m.Entity.Type, m.Entity.ID, m.Entity.Name, aliases,
		len(m.Entity.Mentions), isNew, article(m.Article))
}

// quoteLine: speaker, the quote, the cue, and the article.
func quoteLine(m *events.QuoteMessage) string {
	speaker := "(unattributed)"
	if m.Speaker != nil {
		speaker = m.Speaker.Name
		if m.Speaker.ID != "" {
			speaker += " [" + m.Speaker.ID + "]"
		}
	}
	cue := ""
	if m.Cue != "" {
		cue = " (" + m.Cue + ")"
	}
	return fmt.Sprintf("%s: “%s”%s  — %s", speaker, clip(m.Text, 160), cue, article(m.Article))
}

func names(ps []events.Participant, none string) string {
	if len(ps) == 0 {
		return none
	}
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return strings.Join(out, ", ")
}

func article(a events.ArticleRef) string {
	s := a.Title
	if s == "" {
		s = a.Source
	}
	if a.Published != nil {
		s += " (" + a.Published.Format("2006-01-02") + ")"
	}
	return clip(s, 80)
}

// clip shortens s to at most n runes on one line.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
