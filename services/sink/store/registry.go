package store

import (
	"time"

	"github.com/tidings-news/tidings/pkg/events"
)

// mergeEntity folds one article's view of an entity, seen at seen, into its
// registry entry (old is nil for an entity not registered yet):
//
//   - FirstSeen and LastSeen widen to include seen, whatever the order in
//     which articles arrive;
//   - the name and type follow the most recent article (by seen), and a name
//     replaced or not adopted becomes an alias;
//   - aliases are the union of all aliases seen, first-seen order, without
//     the current name.
//
// Articles is left to the store, which counts links rather than upserts.
func mergeEntity(old *Entity, e events.Entity, seen time.Time) Entity {
	if old == nil {
		return Entity{
			ID: e.ID, Type: e.Type, Name: e.Name,
			Aliases:   mergeAliases(e.Name, e.Aliases),
			FirstSeen: seen, LastSeen: seen,
		}
	}
	out := *old
	if seen.Before(out.FirstSeen) {
		out.FirstSeen = seen
	}
	var extra []string
	if !seen.Before(old.LastSeen) {
		out.LastSeen = seen
		if e.Name != "" {
			out.Name = e.Name
		}
		if e.Type != "" {
			out.Type = e.Type
		}
		extra = []string{old.Name}
	} else {
		extra = []string{e.Name}
	}
	out.Aliases = mergeAliases(out.Name, old.Aliases, e.Aliases, extra)
	return out
}

// mergeAliases concatenates lists of aliases, dropping empty strings,
// repeats and name itself, keeping first-seen order.
func mergeAliases(name string, lists ...[]string) []string {
	seen := map[string]bool{name: true, "": true}
	out := []string{}
	for _, l := range lists {
		for _, a := range l {
			if !seen[a] {
				seen[a] = true
				out = append(out, a)
			}
		}
	}
	return out
}
