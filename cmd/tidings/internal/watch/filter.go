// Package watch follows the enricher's fan-out streams live: which
// messages a `tidings watch` asks for (Filter), how they are printed
// (JSON Lines or one readable line each), and the ephemeral ordered
// consumer that reads them (Run).
package watch

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
)

// Filter says which fan-out messages to show.
type Filter struct {
	// Kind is events.KindEvent, KindEntity or KindQuote.
	Kind string
	// Root and Code select events by CAMEO root (two digits) and code.
	Root, Code string
	// Type selects entities by type: person, org, loc or norp.
	Type string
	// Entity keeps events naming that entity id (actor, target or
	// location) or, for entities, that entity.
	Entity string
	// Speaker keeps quotes by that entity id.
	Speaker string
	// Since replays history from that time before following live;
	// FromStart replays all of it. Neither: only new messages.
	Since     time.Time
	FromStart bool
}

var (
	rootPattern   = regexp.MustCompile(`^(0[1-9]|1[0-9]|20)$`)
	codePattern   = regexp.MustCompile(`^[0-9]{2,4}$`)
	entityPattern = regexp.MustCompile(`^[a-z]+:[^\s.*>]+$`)
	entityTypes   = []string{"person", "org", "loc", "norp"}
)

// Kind turns the command's word (events, entities, quotes; the singular
// too) into a fan-out kind.
func Kind(word string) (string, error) {
	switch strings.ToLower(word) {
	case "events", "event":
		return events.KindEvent, nil
	case "entities", "entity":
		return events.KindEntity, nil
	case "quotes", "quote":
		return events.KindQuote, nil
	}
	return "", fmt.Errorf("watch what? %q is not events, entities or quotes", word)
}

// Validate checks that every filter given applies to the kind and is well
// formed, and says what is wrong otherwise.
func (f *Filter) Validate() error {
	var errs []error
	only := func(flag, value, kind string) {
		if value != "" && f.Kind != kind {
			errs = append(errs, fmt.Errorf("--%s filters %ss only, not %ss", flag, kind, f.Kind))
		}
	}
	only("root", f.Root, events.KindEvent)
	only("code", f.Code, events.KindEvent)
	only("type", f.Type, events.KindEntity)
	only("speaker", f.Speaker, events.KindQuote)
	if f.Entity != "" && f.Kind == events.KindQuote {
		errs = append(errs, errors.New("--entity filters events and entities; quotes are filtered by --speaker"))
	}
	if f.Root != "" && !rootPattern.MatchString(f.Root) {
		errs = append(errs, fmt.Errorf("--root %q is not a CAMEO root code: two digits, 01 to 20 (04 consult, 19 fight)", f.Root))
	}
	if f.Code != "" {
		switch {
		case !codePattern.MatchString(f.Code) || !rootPattern.MatchString(f.Code[:2]):
			errs = append(errs, fmt.Errorf("--code %q is not a CAMEO code: 2 to 4 digits starting with a root 01 to 20 (190, 0431)", f.Code))
		case f.Root != "" && f.Code[:2] != f.Root:
			errs = append(errs, fmt.Errorf("--code %s is not under --root %s", f.Code, f.Root))
		}
	}
	if f.Type != "" && !slices.Contains(entityTypes, strings.ToLower(f.Type)) {
		errs = append(errs, fmt.Errorf("--type %q is not an entity type: person, org, loc or norp", f.Type))
	}
	for flag, id := range map[string]string{"entity": f.Entity, "speaker": f.Speaker} {
		if id != "" && !entityPattern.MatchString(id) {
			errs = append(errs, fmt.Errorf("--%s %q is not an entity id such as per:john-healey or loc:paris", flag, id))
		}
	}
	if f.FromStart && !f.Since.IsZero() {
		errs = append(errs, errors.New("give --since or --from-start, not both"))
	}
	return errors.Join(errs...)
}

// ParseSince reads --since: a duration back from now (24h, 90m), a date
// (2025-03-12) or an RFC 3339 time.
func ParseSince(s string, now time.Time) (time.Time, error) {
	if d, err := time.ParseDuration(s); err == nil {
		if d <= 0 {
			return time.Time{}, fmt.Errorf("--since %q: give a positive duration such as 24h", s)
		}
		return now.Add(-d), nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("--since %q is not a duration (24h), a date (2025-03-12) or an RFC 3339 time", s)
}

// Subjects are the subject filters of the stream that select f's messages
// on the server.
func (f *Filter) Subjects() []string {
	switch f.Kind {
	case events.KindEvent:
		switch {
		case f.Code != "":
			return []string{events.EventSubject(f.Code[:2], f.Code)}
		case f.Root != "":
			return []string{events.SubjectEventsPrefix + f.Root + ".>"}
		}
	case events.KindEntity:
		if f.Type != "" {
			return []string{events.EntitySubject(f.Type)}
		}
	}
	_, all, _ := events.FanoutStream(f.Kind)
	return []string{all}
}

// Match applies the filters the server cannot (entity and speaker ids) to
// a message of f's kind.
func (f *Filter) Match(data []byte) (bool, error) {
	switch {
	case f.Kind == events.KindEvent && f.Entity != "":
		var m events.EventMessage
		if err := json.Unmarshal(data, &m); err != nil {
			return false, err
		}
		for _, p := range slices.Concat(m.Actors, m.Targets) {
			if p.ID == f.Entity {
				return true, nil
			}
		}
		return m.Location != nil && m.Location.ID == f.Entity, nil
	case f.Kind == events.KindEntity && f.Entity != "":
		var m events.EntityMessage
		if err := json.Unmarshal(data, &m); err != nil {
			return false, err
		}
		return m.Entity.ID == f.Entity, nil
	case f.Kind == events.KindQuote && f.Speaker != "":
		var m events.QuoteMessage
		if err := json.Unmarshal(data, &m); err != nil {
			return false, err
		}
		return m.Speaker != nil && m.Speaker.ID == f.Speaker, nil
	}
	return true, nil
}
