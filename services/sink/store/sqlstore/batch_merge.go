package sqlstore

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tidings-news/tidings/services/sink/store"
)

// RegistryEntry is an entity of the registry while a batch is written.
type RegistryEntry struct {
	Old   *store.Entity // as stored before the batch, nil for an entity new to the registry
	Cur   store.Entity  // with the batch's articles merged in
	Delta int           // change of its article count
}

// Changed reports whether the entry must be written.
func (r *RegistryEntry) Changed() bool {
	return r.Old == nil || r.Delta != 0 || r.Cur.Name != r.Old.Name || r.Cur.Type != r.Old.Type ||
		!r.Cur.FirstSeen.Equal(r.Old.FirstSeen) || !r.Cur.LastSeen.Equal(r.Old.LastSeen) ||
		!slices.Equal(r.Cur.Aliases, r.Old.Aliases)
}

// LatestByID keeps the last request of each id (a later upsert replaces an
// earlier one), sorted by id: the order in which rows are locked.
func LatestByID(batch []*WriteReq) []*WriteReq {
	at := make(map[string]int, len(batch))
	var out []*WriteReq
	for _, r := range batch {
		if i, ok := at[r.ID]; ok {
			out[i] = r
			continue
		}
		at[r.ID] = len(out)
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b *WriteReq) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// MergeBatch merges the articles arts (distinct ids, stored under seqs)
// into the registry entries reg (see MergeRegistry) and returns the child
// rows of all the articles (see BatchChildren).
func MergeBatch(arts []*WriteReq, seqs map[string]int64, reg map[string]*RegistryEntry, links map[int64][]string) ([]*Table, error) {
	children, err := BatchChildren(arts, seqs)
	if err != nil {
		return nil, err
	}
	MergeRegistry(arts, seqs, reg, links)
	return children, nil
}

// BatchChildren returns the child rows of the articles arts, keyed by
// their seqs, one table per child table.
func BatchChildren(arts []*WriteReq, seqs map[string]int64) ([]*Table, error) {
	children := make([]*Table, len(ChildTables()))
	for i, spec := range ChildTables() {
		children[i] = &Table{TableSpec: spec}
	}
	for _, a := range arts {
		seq, ok := seqs[a.ID]
		if !ok {
			return nil, fmt.Errorf("article %s: no seq", a.ID)
		}
		for i, t := range a.D.children() {
			t.setArticleSeq(seq)
			children[i].Args = append(children[i].Args, t.Args...)
		}
	}
	return children, nil
}

// MergeRegistry merges the articles arts (distinct ids, stored under seqs,
// every one of which is in seqs) into the registry entries reg (keyed by
// id; an entity missing from reg is added as new), counting +1 for an
// entity an article names and did not name before (links, by seq) and −1
// for one it named and names no more.
func MergeRegistry(arts []*WriteReq, seqs map[string]int64, reg map[string]*RegistryEntry, links map[int64][]string) {
	for _, a := range arts {
		before := map[string]bool{}
		for _, id := range links[seqs[a.ID]] {
			before[id] = true
		}
		for _, e := range a.D.Entities {
			r := reg[e.ID]
			if r == nil {
				r = &RegistryEntry{Cur: mergeEntity(nil, e, a.Seen)}
				reg[e.ID] = r
			} else {
				r.Cur = mergeEntity(&r.Cur, e, a.Seen)
			}
			if !before[e.ID] {
				r.Delta++
			}
			delete(before, e.ID)
		}
		for id := range before { // named before, no more
			if r := reg[id]; r != nil {
				r.Delta--
			}
		}
	}
}

// RegistryIDs lists, sorted, the entities the articles arts name and those
// they named before (links, by seq): the registry entries a batch merges.
func RegistryIDs(arts []*WriteReq, links map[int64][]string) []string {
	seen := map[string]bool{}
	var ids []string
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, a := range arts {
		for _, e := range a.D.Entities {
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

// ReadRegistry reads registry rows (scanEntity's columns) into entries
// that the batch has not changed yet.
func ReadRegistry(rows rowsScanner) (map[string]*RegistryEntry, error) {
	reg := map[string]*RegistryEntry{}
	for rows.Next() {
		e, err := scanEntity(rows)
		if err != nil {
			return nil, fmt.Errorf("read registry: %w", err)
		}
		reg[e.ID] = &RegistryEntry{Old: e, Cur: *e}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read registry: %w", err)
	}
	return reg, nil
}

// SortedIDs lists the ids of reg in order.
func SortedIDs(reg map[string]*RegistryEntry) []string {
	ids := make([]string, 0, len(reg))
	for id := range reg {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}
