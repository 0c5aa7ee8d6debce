package ids

import (
	"context"
	"sync"

	"github.com/tidings-news/tidings/services/enricher/extract/fold"
	"github.com/tidings-news/tidings/services/enricher/extract/layer"
)

// PersonEntry is what a registry remembers of a person for fuzzy matching.
type PersonEntry struct {
	ID      string `json:"id"`
	First   string `json:"first,omitempty"`
	Surname string `json:"surname"`
	Role    string `json:"role,omitempty"`
}

func roleCompatible(a, b string) bool { return a == "" || b == "" || a == b }

// MatchPerson picks the entry that c names, if exactly one fits. A person
// known only by a given name ("Sir Alan") matches the one person with that
// given name.
func MatchPerson(entries []PersonEntry, c Candidate) (string, bool) {
	if c.Surname == "" {
		return matchByGiven(entries, c)
	}
	found := ""
	for _, e := range entries {
		if e.Surname == "" {
			// known by given name only: the same given name is the same person
			if e.First == c.First && roleCompatible(e.Role, c.Role) {
				if found != "" && found != e.ID {
					return "", false
				}
				found = e.ID
			}
			continue
		}
		if !fold.SurnameClose(e.Surname, c.Surname) || !fold.GivenCompatible(e.First, c.First) || !roleCompatible(e.Role, c.Role) {
			continue
		}
		if e.Surname != c.Surname && (e.First == "" || c.First == "") {
			continue // a spelling variant needs the given name to agree
		}
		if found != "" && found != e.ID {
			return "", false // ambiguous
		}
		found = e.ID
	}
	return found, found != ""
}

// matchByGiven matches a candidate known by given name only.
func matchByGiven(entries []PersonEntry, c Candidate) (string, bool) {
	if c.First == "" {
		return "", false
	}
	found := ""
	for _, e := range entries {
		if e.First != c.First || !roleCompatible(e.Role, c.Role) {
			continue
		}
		if found != "" && found != e.ID {
			return "", false
		}
		found = e.ID
	}
	return found, found != ""
}

// HasSpelling reports whether entries already list c's names for id. A
// surname alone is never recorded as a spelling: it would match anyone.
func HasSpelling(entries []PersonEntry, id string, c Candidate) bool {
	if c.First == "" || c.Surname == "" {
		return true
	}
	for _, e := range entries {
		if e.ID == id && e.Surname == c.Surname && e.First == c.First {
			return true
		}
	}
	return false
}

// MemoryRegistry is an in-process Registry: ids are the slug of the first
// name seen for an entity; later spellings resolve to it.
type MemoryRegistry struct {
	mu      sync.Mutex
	byKey   map[string]string
	persons []PersonEntry
}

// NewMemoryRegistry returns an empty in-memory registry.
func NewMemoryRegistry() *MemoryRegistry {
	return &MemoryRegistry{byKey: map[string]string{}}
}

// Resolve returns the id of c, registering it when it is new.
func (r *MemoryRegistry) Resolve(_ context.Context, c Candidate) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := c.Type + "|" + c.Key
	if id, ok := r.byKey[k]; ok {
		return id, nil
	}
	person := layer.EntityType(c.Type) == layer.Person && (c.Surname != "" || c.First != "")
	if person {
		if id, ok := MatchPerson(r.persons, c); ok {
			r.byKey[k] = id
			if !HasSpelling(r.persons, id, c) {
				r.persons = append(r.persons, PersonEntry{ID: id, First: c.First, Surname: c.Surname, Role: c.Role})
			}
			return id, nil
		}
	}
	id := SlugID(c)
	r.byKey[k] = id
	if person {
		r.persons = append(r.persons, PersonEntry{ID: id, First: c.First, Surname: c.Surname, Role: c.Role})
	}
	return id, nil
}
