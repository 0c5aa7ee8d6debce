package extract

import (
	"context"
	"strings"
	"sync"
)

// Candidate describes an entity of one article for which a canonical id is wanted.
type Candidate struct {
	// Type is PERSON, ORG, LOC or NORP.
	Type string
	// Name is the canonical name in the article ("Ivo Marsh").
	Name string
	// Key is the folded name ("ivo marsh"): accents, case and punctuation removed.
	Key string
	// First and Surname are the folded given name and surname of a person ("" if unknown).
	First   string
	Surname string
	// Role is the person's title in the article ("prime minister"), if any.
	Role string
}

// Registry gives one id per real-world entity across articles.
type Registry interface {
	Resolve(ctx context.Context, c Candidate) (id string, err error)
}

// typePrefix is the id prefix of an entity type.
func typePrefix(t string) string {
	switch t {
	case "PERSON":
		return "per"
	case "ORG":
		return "org"
	case "LOC":
		return "loc"
	default:
		return strings.ToLower(t)
	}
}

// SlugID is the deterministic id of a candidate: "per:ivo-marsh".
func SlugID(c Candidate) string {
	return typePrefix(c.Type) + ":" + Slug(c.Name)
}

// personEntry is what a registry remembers of a person for fuzzy matching.
type personEntry struct {
	ID      string `json:"id"`
	First   string `json:"first,omitempty"`
	Surname string `json:"surname"`
	Role    string `json:"role,omitempty"`
}

// surnameClose reports whether two folded surnames are the same name,
// allowing a small spelling difference for longer names ("moreau"/"moreaux").
func surnameClose(a, b string) bool {
	if a == b {
		return true
	}
	n := min(len([]rune(a)), len([]rune(b)))
	switch {
	case n >= 8:
		return editDistance(a, b, 2) <= 2
	case n >= 5:
		return editDistance(a, b, 1) <= 1
	}
	return false
}

// firstCompatible reports whether two folded given names can be the same
// person's: equal, one missing, or one the initial of the other.
func firstCompatible(a, b string) bool {
	if a == "" || b == "" || a == b {
		return true
	}
	if (len(a) == 1 && strings.HasPrefix(b, a)) || (len(b) == 1 && strings.HasPrefix(a, b)) {
		return true
	}
	// transliterations: "dmitry"/"dmitri", "sergei"/"sergey"
	return len(a) >= 5 && len(b) >= 5 && a[0] == b[0] && editDistance(a, b, 1) <= 1
}

func roleCompatible(a, b string) bool { return a == "" || b == "" || a == b }

// matchPerson picks the entry that c names, if exactly one fits. A person
// known only by a given name ("Sir Alan") matches the one person with that
// given name.
func matchPerson(entries []personEntry, c Candidate) (string, bool) {
	found := ""
	if c.Surname == "" {
		if c.First == "" {
			return "", false
		}
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
		if !surnameClose(e.Surname, c.Surname) || !firstCompatible(e.First, c.First) || !roleCompatible(e.Role, c.Role) {
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

// MemoryRegistry is an in-process Registry: ids are the slug of the first
// name seen for an entity; later spellings resolve to it.
type MemoryRegistry struct {
	mu      sync.Mutex
	byKey   map[string]string
	persons []personEntry
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
	if c.Type == "PERSON" && (c.Surname != "" || c.First != "") {
		if id, ok := matchPerson(r.persons, c); ok {
			r.byKey[k] = id
			if !hasSpelling(r.persons, id, c) {
				r.persons = append(r.persons, personEntry{ID: id, First: c.First, Surname: c.Surname, Role: c.Role})
			}
			return id, nil
		}
	}
	id := SlugID(c)
	r.byKey[k] = id
	if c.Type == "PERSON" && (c.Surname != "" || c.First != "") {
		r.persons = append(r.persons, personEntry{ID: id, First: c.First, Surname: c.Surname, Role: c.Role})
	}
	return id, nil
}

// hasSpelling reports whether entries already list c's names for id. A
// surname alone is never recorded as a spelling: it would match anyone.
func hasSpelling(entries []personEntry, id string, c Candidate) bool {
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
