package store

import (
	"fmt"
	"slices"
	"strings"
)

// registryEntry is an entity of the registry while a batch is written.
type registryEntry struct {
	old   *Entity // as stored before the batch, nil for an entity new to the registry
	cur   Entity  // with the batch's articles merged in
	delta int     // change of its article count
}

// changed reports whether the entry must be written.
func (r *registryEntry) changed() bool {
	return r.old == nil || r.delta != 0 || r.cur.Name != r.old.Name || r.cur.Type != r.old.Type ||
		!r.cur.FirstSeen.Equal(r.old.FirstSeen) || !r.cur.LastSeen.Equal(r.old.LastSeen) ||
		!slices.Equal(r.cur.Aliases, r.old.Aliases)
}

// latestByID keeps the last request of each id (a later upsert replaces an
// earlier one), sorted by id: the order in which rows are locked.
func latestByID(batch []*writeReq) []*writeReq {
	at := make(map[string]int, len(batch))
	var out []*writeReq
	for _, r := range batch {
		if i, ok := at[r.id]; ok {
			out[i] = r
			continue
		}
		at[r.id] = len(out)
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b *writeReq) int { return strings.Compare(a.id, b.id) })
	return out
}

// mergeBatch merges the articles arts (distinct ids, stored under seqs)
// into the registry entries reg (see mergeRegistry) and returns the child
// rows of all the articles (see batchChildren).
func mergeBatch(arts []*writeReq, seqs map[string]int64, reg map[string]*registryEntry, links map[int64][]string) ([]*table, error) {
	children, err := batchChildren(arts, seqs)
	if err != nil {
		return nil, err
	}
	mergeRegistry(arts, seqs, reg, links)
	return children, nil
}

// batchChildren returns the child rows of the articles arts, keyed by
// their seqs, one table per child table.
func batchChildren(arts []*writeReq, seqs map[string]int64) ([]*table, error) {
	children := make([]*table, len(childTables()))
	for i, spec := range childTables() {
		children[i] = &table{tableSpec: spec}
	}
	for _, a := range arts {
		seq, ok := seqs[a.id]
		if !ok {
			return nil, fmt.Errorf("article %s: no seq", a.id)
		}
		for i, t := range a.d.Children() {
			t.setArticleSeq(seq)
			children[i].Args = append(children[i].Args, t.Args...)
		}
	}
	return children, nil
}

// mergeRegistry merges the articles arts (distinct ids, stored under seqs,
// every one of which is in seqs) into the registry entries reg (keyed by
// id; an entity missing from reg is added as new), counting +1 for an
// entity an article names and did not name before (links, by seq) and −1
// for one it named and names no more.
func mergeRegistry(arts []*writeReq, seqs map[string]int64, reg map[string]*registryEntry, links map[int64][]string) {
	for _, a := range arts {
		before := map[string]bool{}
		for _, id := range links[seqs[a.id]] {
			before[id] = true
		}
		for _, e := range a.d.Entities {
			r := reg[e.ID]
			if r == nil {
				r = &registryEntry{cur: mergeEntity(nil, e, a.seen)}
				reg[e.ID] = r
			} else {
				r.cur = mergeEntity(&r.cur, e, a.seen)
			}
			if !before[e.ID] {
				r.delta++
			}
			delete(before, e.ID)
		}
		for id := range before { // named before, no more
			if r := reg[id]; r != nil {
				r.delta--
			}
		}
	}
}

// registryIDs lists, sorted, the entities the articles arts name and those
// they named before (links, by seq): the registry entries a batch merges.
func registryIDs(arts []*writeReq, links map[int64][]string) []string {
	seen := map[string]bool{}
	var ids []string
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, a := range arts {
		for _, e := range a.d.Entities {
			add(e.ID)
		}
	}
	for _, l := range links {
		for _, id := range l {
			add(id)
		}
	}
	slices.Sort(ids)
	return ids
}

// rowsScanner is a result set of registry rows: *sql.Rows or pgx.Rows.
type rowsScanner interface {
	scanner
	Next() bool
	Err() error
}

// readRegistry reads registry rows (scanEntity's columns) into entries
// that the batch has not changed yet.
func readRegistry(rows rowsScanner) (map[string]*registryEntry, error) {
	reg := map[string]*registryEntry{}
	for rows.Next() {
		e, err := scanEntity(rows)
		if err != nil {
			return nil, fmt.Errorf("read registry: %w", err)
		}
		reg[e.ID] = &registryEntry{old: e, cur: *e}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read registry: %w", err)
	}
	return reg, nil
}

// sortedIDs lists the ids of reg in order.
func sortedIDs(reg map[string]*registryEntry) []string {
	ids := make([]string, 0, len(reg))
	for id := range reg {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}
