// Package ids gives entities canonical ids: the same id for the same
// real-world entity in every article, through spelling variants. A Registry
// remembers the ids; MemoryRegistry keeps them in one process (the
// enricher service keeps them in JetStream for all its replicas). The pass
// of this package resolves the id of every entity of an article.
package ids

import (
	"context"
	"fmt"
	"strings"

	"github.com/tidings-news/tidings/services/enricher/extract/fold"
	"github.com/tidings-news/tidings/services/enricher/extract/layer"
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

// TypePrefix is the id prefix of an entity type.
func TypePrefix(t string) string {
	switch layer.EntityType(t) {
	case layer.Person:
		return "per"
	case layer.Org:
		return "org"
	case layer.Loc:
		return "loc"
	default:
		return strings.ToLower(t)
	}
}

// SlugID is the deterministic id of a candidate: "per:ivo-marsh".
func SlugID(c Candidate) string {
	return TypePrefix(c.Type) + ":" + fold.Slug(c.Name)
}

// Pass sets the canonical id of every entity of the article.
type Pass struct {
	reg Registry
}

// New returns the pass; a nil registry gives each entity the slug of its name.
func New(reg Registry) *Pass { return &Pass{reg: reg} }

// Name implements layer.Pass.
func (*Pass) Name() string { return "ids" }

// Run implements layer.Pass.
func (p *Pass) Run(ctx context.Context, d *layer.Doc) error {
	for _, e := range d.Entities {
		if len(e.Ments) == 0 {
			continue
		}
		c := Candidate{Type: string(e.Type), Name: e.Name, Key: fold.Key(e.Name), First: e.First, Surname: e.Surname, Role: e.Role}
		e.ID = SlugID(c)
		if p.reg != nil {
			id, err := p.reg.Resolve(ctx, c)
			if err != nil {
				return fmt.Errorf("resolve %s %q: %w", e.Type, e.Name, err)
			}
			e.ID = id
		}
	}
	return nil
}
