package sqlstore

import (
	"strings"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/store"
)

// mergeEntity folds one article's view of an entity, seen at seen, into its
// registry entry (old is nil for an entity not registered yet):
//
//   - FirstSeen and LastSeen widen to include seen, whatever the order in
//     which articles arrive;
//   - the name is the fullest seen (not led by an honorific or title, then
//     more words: "Keir Starmer" over "Sir Keir" or "Starmer"), the most
//     recent article breaking ties; the type follows the most recent article;
//     a name replaced or not adopted becomes an alias;
//   - aliases are the union of all aliases seen, first-seen order, without
//     the current name.
//
// Articles is left to the store, which counts links rather than upserts.
func mergeEntity(old *store.Entity, e events.Entity, seen time.Time) store.Entity {
	if old == nil {
		return store.Entity{
			ID: e.ID, Type: e.Type, Name: e.Name,
			Aliases:   mergeAliases(e.Name, e.Aliases),
			FirstSeen: seen, LastSeen: seen,
		}
	}
	out := *old
	if seen.Before(out.FirstSeen) {
		out.FirstSeen = seen
	}
	recent := !seen.Before(old.LastSeen)
	if recent {
		out.LastSeen = seen
		if e.Type != "" {
			out.Type = e.Type
		}
	}
	extra := []string{e.Name}
	if e.Name != "" && (nameRank(e.Name) > nameRank(old.Name) || recent && nameRank(e.Name) == nameRank(old.Name)) {
		out.Name = e.Name
		extra = []string{old.Name}
	}
	out.Aliases = mergeAliases(out.Name, old.Aliases, e.Aliases, extra)
	return out
}

// leadingTitles are words that, leading a name, make it a lesser form of it.
var leadingTitles = map[string]bool{
	"sir": true, "dame": true, "lord": true, "lady": true, "mr": true, "mrs": true, "ms": true, "miss": true,
	"dr": true, "prof": true, "president": true, "minister": true, "general": true, "king": true, "queen": true,
	"prince": true, "princess": true, "pope": true, "the": true,
}

// nameRank orders names by how full they are: one not led by an honorific
// or title first, then by number of words.
func nameRank(name string) int {
	w := strings.Fields(name)
	if len(w) == 0 {
		return -1 << 10
	}
	rank := len(w)
	if leadingTitles[strings.ToLower(strings.TrimSuffix(w[0], "."))] {
		rank -= 100
	}
	return rank
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
