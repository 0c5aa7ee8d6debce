// Package stories gives articles about the same story one story id: an
// article joins the open story, seen within the window, whose entities and
// events it shares most (weighted by how often each is mentioned) and
// whose text is close enough, or starts a story of its own. Candidates
// are found through the article's main entities, so the cost per article
// is fixed whatever the number of stories. A near duplicate joins its
// original's story.
package stories

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/tidings-news/tidings/services/enricher/internal/parallel"
	"github.com/tidings-news/tidings/services/enricher/neardup"
)

// Defaults of Config.
const (
	DefaultWindow = 72 * time.Hour
	// DefaultMinScore is the least score (0..1) for an article to join a story.
	DefaultMinScore = 0.45
	// topEntities is how many of an article's entities find candidates.
	topEntities = 6
	// keep is how many entities and events a story keeps.
	keep = 24
)

// Article is what the assignment reads of an enriched article.
type Article struct {
	ID string
	// Time is the article's date (published, else received).
	Time time.Time
	// Entities counts the mentions of each canonical entity id.
	Entities map[string]int
	// Events counts each CAMEO code.
	Events map[string]int
	// Sig is the article's MinHash signature (nil: none).
	Sig *neardup.Signature
	// DuplicateOf is the original of a near duplicate.
	DuplicateOf string
}

// Story is an open story.
type Story struct {
	ID       string         `json:"id"`
	First    time.Time      `json:"first"`
	Last     time.Time      `json:"last"`
	Articles int            `json:"articles"`
	Entities map[string]int `json:"entities"`
	Events   map[string]int `json:"events"`
	// Sig is the signature of the story's first article.
	Sig *neardup.Signature `json:"sig,omitempty"`
	// rev is the revision of the store's key this copy was read at (KVStore).
	rev uint64
}

// Store keeps stories, the story of each article, and which stories each
// entity appears in lately.
type Store interface {
	StoryOf(ctx context.Context, articleID string) (string, bool, error)
	SetStoryOf(ctx context.Context, articleID, storyID string) error
	Story(ctx context.Context, id string) (*Story, error)
	// Update writes a story if it did not change since read (ok false:
	// it did; read it again).
	Update(ctx context.Context, s *Story, create bool) (ok bool, err error)
	// Candidates lists the stories an entity appeared in lately; Note adds one.
	Candidates(ctx context.Context, entity string) ([]string, error)
	Note(ctx context.Context, entity, storyID string) error
}

// Config tunes the assignment.
type Config struct {
	Window   time.Duration
	MinScore float64
}

// Assigner assigns stories.
type Assigner struct {
	cfg   Config
	store Store
}

// NewAssigner returns an assigner on store.
func NewAssigner(cfg Config, store Store) *Assigner {
	if cfg.Window <= 0 {
		cfg.Window = DefaultWindow
	}
	if cfg.MinScore <= 0 {
		cfg.MinScore = DefaultMinScore
	}
	return &Assigner{cfg: cfg, store: store}
}

// Assign returns the story of a (the same when asked again for the same
// article) and records a in it.
func (x *Assigner) Assign(ctx context.Context, a Article) (string, error) {
	if id, found, err := x.store.StoryOf(ctx, a.ID); err != nil || found {
		return id, err
	}
	storyID := ""
	if a.DuplicateOf != "" {
		if id, found, err := x.store.StoryOf(ctx, a.DuplicateOf); err == nil && found {
			storyID = id
		}
	}
	if storyID == "" {
		var err error
		if storyID, err = x.best(ctx, a); err != nil {
			return "", err
		}
	}
	create := storyID == ""
	if create {
		storyID = "st-" + a.ID[:min(16, len(a.ID))]
	}
	if err := x.record(ctx, storyID, a, create); err != nil {
		return "", err
	}
	return storyID, x.store.SetStoryOf(ctx, a.ID, storyID)
}

// best is the open story a fits best, "" when none scores enough. The
// candidates of a's main entities are read at once, then their stories at
// once; they are scored in the order the entities and their lists give.
func (x *Assigner) best(ctx context.Context, a Article) (string, error) {
	ents := top(a.Entities, topEntities)
	lists := make([][]string, len(ents))
	errs := make([]error, len(ents))
	parallel.Do(len(ents), func(i int) { lists[i], errs[i] = x.store.Candidates(ctx, ents[i]) })
	if err := parallel.FirstError(errs); err != nil {
		return "", err
	}
	seen := map[string]bool{}
	var ids []string
	for _, list := range lists {
		for _, id := range list {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	found := make([]*Story, len(ids))
	parallel.Do(len(ids), func(i int) {
		if s, err := x.store.Story(ctx, ids[i]); err == nil {
			found[i] = s
		}
	})
	best, bestScore := "", x.cfg.MinScore
	for i, s := range found {
		if s == nil {
			continue
		}
		if gap := a.Time.Sub(s.Last); gap > x.cfg.Window || -gap > x.cfg.Window {
			continue
		}
		if sc := Score(a, s); sc >= bestScore {
			best, bestScore = ids[i], sc
		}
	}
	return best, nil
}

// Score is how well a fits s (0..1): the weighted overlap of the people
// they name (most: a story is about someone), of their other entities and
// of their events, and their text similarity. Without a person in common
// only much shared text makes a story (places, organisations and stock
// phrases are shared by too many stories).
func Score(a Article, s *Story) float64 {
	ap, ao := split(a.Entities)
	sp, so := split(s.Entities)
	text := 0.0
	if a.Sig != nil && s.Sig != nil {
		text = neardup.Similarity(a.Sig, s.Sig)
	}
	people := overlap(ap, sp)
	if people == 0 {
		if text >= 0.5 {
			return text
		}
		return 0
	}
	return 0.5*people + 0.1*overlap(ao, so) + 0.1*overlap(a.Events, s.Events) + 0.3*min(1, 2.5*text)
}

// split separates the people (ids "per:…") from the other entities.
func split(m map[string]int) (people, others map[string]int) {
	people, others = map[string]int{}, map[string]int{}
	for k, v := range m {
		if strings.HasPrefix(k, "per:") {
			people[k] = v
		} else {
			others[k] = v
		}
	}
	return people, others
}

// overlap is the weighted Jaccard similarity of two count maps.
func overlap(a, b map[string]int) float64 {
	var inter, union float64
	for k, va := range a {
		vb := b[k]
		inter += float64(min(va, vb))
		union += float64(max(va, vb))
	}
	for k, vb := range b {
		if _, ok := a[k]; !ok {
			union += float64(vb)
		}
	}
	if union == 0 {
		return 0
	}
	return inter / union
}

// record adds a to its story (created when new) and notes the story under
// a's main entities.
func (x *Assigner) record(ctx context.Context, id string, a Article, create bool) error {
	for range 5 {
		s := &Story{ID: id, First: a.Time, Last: a.Time, Entities: map[string]int{}, Events: map[string]int{}, Sig: a.Sig}
		if !create {
			cur, err := x.store.Story(ctx, id)
			if err != nil {
				return err
			}
			if cur != nil {
				s = cur
			}
		}
		s.Articles++
		if a.Time.Before(s.First) {
			s.First = a.Time
		}
		if a.Time.After(s.Last) {
			s.Last = a.Time
		}
		merge(s.Entities, a.Entities)
		merge(s.Events, a.Events)
		ok, err := x.store.Update(ctx, s, create)
		if err != nil {
			return err
		}
		if ok {
			ents := top(a.Entities, topEntities)
			errs := make([]error, len(ents))
			parallel.Do(len(ents), func(i int) { errs[i] = x.store.Note(ctx, ents[i], id) })
			return parallel.FirstError(errs)
		}
		create = false
	}
	return nil
}

// merge adds b's counts to a, keeping its keep largest.
func merge(a, b map[string]int) {
	for k, v := range b {
		a[k] += v
	}
	if len(a) <= keep {
		return
	}
	keepers := map[string]bool{}
	for _, k := range top(a, keep) {
		keepers[k] = true
	}
	for k := range a {
		if !keepers[k] {
			delete(a, k)
		}
	}
}

// top lists the n keys with the largest counts (ties by key).
func top(m map[string]int, n int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys[:min(n, len(keys))]
}

// Top lists a story's n main entities or events.
func Top(m map[string]int, n int) []string { return top(m, n) }
