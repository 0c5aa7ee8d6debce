package neardup

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tidings-news/tidings/services/enricher/internal/parallel"
	"github.com/tidings-news/tidings/services/enricher/internal/syncmap"
)

// Store keeps the index: signatures, the first article seen in each band
// bucket, and each article's verdict. Writes that decide who came first
// are atomic (create-if-absent), so replicas sharing a store agree.
type Store interface {
	// First records id as the first article of band key unless another is
	// there already, and returns the first.
	First(ctx context.Context, band uint64, id string) (string, error)
	PutSignature(ctx context.Context, id string, sig *Signature, set Set) error
	// Signature returns an article's signature and shingle set (nil: none).
	Signature(ctx context.Context, id string) (*Signature, Set, error)
	// Verdict is an article's recorded verdict (found is false when none).
	Verdict(ctx context.Context, id string) (duplicateOf string, found bool, err error)
	PutVerdict(ctx context.Context, id, duplicateOf string) error
}

// Index finds near duplicates in a Store.
type Index struct{ store Store }

// NewIndex returns the index on store.
func NewIndex(store Store) *Index { return &Index{store: store} }

// Check returns the id of the original article id's text is a near
// duplicate of ("" when none) and records id so later articles find it.
// Candidates come from the LSH bands; a candidate whose signature
// estimates a similarity near the threshold is confirmed on the exact
// Jaccard similarity of the two shingle sets. It costs a fixed number of
// store operations whatever the index holds (one a band, one a candidate;
// the bands, then the candidates, asked all at once),
// and gives the same verdict when asked again for the same id (a
// redelivered article).
func (x *Index) Check(ctx context.Context, id, text string) (string, error) {
	d, ok := Digest(text)
	if !ok {
		return x.CheckDigest(ctx, id, nil)
	}
	return x.CheckDigest(ctx, id, &d)
}

// CheckDigest is Check on the text's Digest (nil when it has no word).
func (x *Index) CheckDigest(ctx context.Context, id string, d *Digested) (string, error) {
	if dup, found, err := x.store.Verdict(ctx, id); err != nil || found {
		return dup, err
	}
	if d == nil {
		return "", x.store.PutVerdict(ctx, id, "")
	}
	sig, set := d.Sig, d.Set
	if err := x.store.PutSignature(ctx, id, &sig, set); err != nil {
		return "", err
	}
	firsts, err := x.firsts(ctx, id, &sig)
	if err != nil {
		return "", err
	}
	others := x.signatures(ctx, firsts)
	best, bestSim := "", 0.0
	for i, first := range firsts {
		other := others[i]
		if other.sig == nil || Similarity(&sig, other.sig) < Threshold-0.15 {
			continue
		}
		if s := JaccardSets(set, other.set); s >= Threshold && s > bestSim {
			best, bestSim = first, s
		}
	}
	if best != "" {
		// Point at the original of the group when it is close enough too.
		if orig, found, err := x.store.Verdict(ctx, best); err == nil && found && orig != "" {
			if _, origSet, err := x.store.Signature(ctx, orig); err == nil && JaccardSets(set, origSet) >= Threshold {
				best = orig
			}
		}
	}
	return best, x.store.PutVerdict(ctx, id, best)
}

// firsts records id in every band of sig and returns the other articles
// first in a band, each once, in band order. The bands are independent
// (each decided by the store's create-if-absent), so they are asked all at
// once: an article waits for one round trip to a shared store, not twenty.
func (x *Index) firsts(ctx context.Context, id string, sig *Signature) ([]string, error) {
	keys := sig.BandKeys()
	var got [Bands]string
	var errs [Bands]error
	parallel.Do(Bands, func(i int) { got[i], errs[i] = x.store.First(ctx, keys[i], id) })
	if err := parallel.FirstError(errs[:]); err != nil {
		return nil, err
	}
	seen := map[string]bool{id: true}
	var out []string
	for _, f := range got {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out, nil
}

// signatures reads the stored signatures of ids at once; one that cannot
// be read is left empty (that candidate is skipped).
func (x *Index) signatures(ctx context.Context, ids []string) []stored {
	out := make([]stored, len(ids))
	parallel.Do(len(ids), func(i int) {
		if sig, set, err := x.store.Signature(ctx, ids[i]); err == nil {
			out[i] = stored{sig, set}
		}
	})
	return out
}

// MemStore is a Store in memory (one process; measurements and tests).
type MemStore struct {
	bands    syncmap.Map[uint64, string]
	sigs     syncmap.Map[string, stored]
	verdicts syncmap.Map[string, string]
}

// stored is an article's signature and shingle set.
type stored struct {
	sig *Signature
	set Set
}

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore { return &MemStore{} }

func (m *MemStore) First(_ context.Context, band uint64, id string) (string, error) {
	return m.bands.Update(band, func(f string, ok bool) string {
		if ok {
			return f
		}
		return id
	}), nil
}

func (m *MemStore) PutSignature(ctx context.Context, id string, sig *Signature, set Set) error {
	c := *sig
	return m.sigs.Store(ctx, id, stored{&c, set})
}

func (m *MemStore) Signature(ctx context.Context, id string) (*Signature, Set, error) {
	s, _, err := m.sigs.Load(ctx, id)
	return s.sig, s.set, err
}

func (m *MemStore) Verdict(ctx context.Context, id string) (string, bool, error) {
	return m.verdicts.Load(ctx, id)
}

func (m *MemStore) PutVerdict(ctx context.Context, id, dup string) error {
	return m.verdicts.Store(ctx, id, dup)
}

// KVStore is a Store in a JetStream key-value bucket (events.BucketNearDup),
// shared by the enricher's replicas and persisted with the stream history's
// age: keys band.<band>.<hex>, sig.<id>, dup.<id>.
type KVStore struct{ kv jetstream.KeyValue }

// NewKVStore returns the store on kv.
func NewKVStore(kv jetstream.KeyValue) *KVStore { return &KVStore{kv: kv} }

func (k *KVStore) First(ctx context.Context, band uint64, id string) (string, error) {
	key := fmt.Sprintf("band.%016x", band)
	if _, err := k.kv.Create(ctx, key, []byte(id)); err == nil {
		return id, nil
	} else if !errors.Is(err, jetstream.ErrKeyExists) {
		return "", fmt.Errorf("near-duplicate band: %w", err)
	}
	e, err := k.kv.Get(ctx, key)
	if err != nil {
		return "", fmt.Errorf("near-duplicate band: %w", err)
	}
	return string(e.Value()), nil
}

func (k *KVStore) PutSignature(ctx context.Context, id string, sig *Signature, set Set) error {
	buf := make([]byte, 4*(Hashes+len(set)))
	for i, v := range sig {
		binary.LittleEndian.PutUint32(buf[4*i:], v)
	}
	for i, v := range set {
		binary.LittleEndian.PutUint32(buf[4*(Hashes+i):], v)
	}
	if _, err := k.kv.Put(ctx, "sig."+id, buf); err != nil {
		return fmt.Errorf("near-duplicate signature: %w", err)
	}
	return nil
}

func (k *KVStore) Signature(ctx context.Context, id string) (*Signature, Set, error) {
	e, err := k.kv.Get(ctx, "sig."+id)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("near-duplicate signature: %w", err)
	}
	v := e.Value()
	if len(v) < 4*Hashes || len(v)%4 != 0 {
		return nil, nil, nil
	}
	var sig Signature
	for i := range sig {
		sig[i] = binary.LittleEndian.Uint32(v[4*i:])
	}
	set := make(Set, len(v)/4-Hashes)
	for i := range set {
		set[i] = binary.LittleEndian.Uint32(v[4*(Hashes+i):])
	}
	return &sig, set, nil
}

func (k *KVStore) Verdict(ctx context.Context, id string) (string, bool, error) {
	e, err := k.kv.Get(ctx, "dup."+id)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("near-duplicate verdict: %w", err)
	}
	if string(e.Value()) == "-" {
		return "", true, nil
	}
	return string(e.Value()), true, nil
}

func (k *KVStore) PutVerdict(ctx context.Context, id, dup string) error {
	v := dup
	if v == "" {
		v = "-"
	}
	if _, err := k.kv.Put(ctx, "dup."+id, []byte(v)); err != nil {
		return fmt.Errorf("near-duplicate verdict: %w", err)
	}
	return nil
}
