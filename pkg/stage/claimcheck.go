package stage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/s2"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tidings-news/tidings/pkg/events"
)

// claimCheckSubjects prefixes the subjects of the claim-check bucket's
// chunks and metadata.
const claimCheckSubjects = "$O." + events.ClaimCheckBucket + "."

// claimReadSubjects prefixes the API subjects a claim-check read uses (an
// ordered consumer on the bucket's stream, direct gets of its metadata).
var claimReadSubjects = []string{
	"$JS.API.CONSUMER.CREATE.OBJ_" + events.ClaimCheckBucket,
	"$JS.API.DIRECT.GET.OBJ_" + events.ClaimCheckBucket,
	"$JS.API.STREAM.MSG.GET.OBJ_" + events.ClaimCheckBucket,
}

// headerRoom is what a message keeps free for its headers below the
// server's maximum payload.
const headerRoom = 16 << 10

// ClaimChecks is the pipeline's one claim-check protocol: a payload over the
// limit is stored in the events.ClaimCheckBucket object store and the
// message carries only the object's name, "bucket/name", in the
// tidings-claim-check header. The publisher puts, the ClaimCheck middleware
// loads.
type ClaimChecks struct {
	js    jetstream.JetStream
	topo  Topology
	limit int
	once  sync.Once
	obs   jetstream.ObjectStore
	err   error
}

// NewClaimChecks returns the claim checks of js. The bucket, should they
// create it, has the topology's replicas. Payloads over limit bytes travel
// as claim checks; a non-positive limit (or one the server cannot carry)
// means the server's maximum payload less room for the headers.
func NewClaimChecks(js jetstream.JetStream, topo Topology, limit int) *ClaimChecks {
	return &ClaimChecks{js: js, topo: topo, limit: limit}
}

func (c *ClaimChecks) store(ctx context.Context) (jetstream.ObjectStore, error) {
	c.once.Do(func() {
		c.obs, c.err = c.topo.EnsureObjectStore(ctx, c.js)
	})
	return c.obs, c.err
}

// Limit is the largest payload sent inline.
func (c *ClaimChecks) Limit() int {
	max := 1 << 20
	if nc := c.js.Conn(); nc != nil && nc.MaxPayload() > 0 {
		max = int(nc.MaxPayload())
	}
	max -= headerRoom
	if c.limit > 0 && c.limit < max {
		return c.limit
	}
	return max
}

// put stores out's payload under name when it is over the limit and
// returns the payload to send: out's itself, or nothing with the
// claim-check header set. A streamed payload is compressed as it is
// written, never held whole.
func (c *ClaimChecks) put(ctx context.Context, name string, h nats.Header, out Output) ([]byte, bool, error) {
	if out.Len() <= c.Limit() {
		return out.Payload(), false, nil
	}
	obs, err := c.store(ctx)
	if err != nil {
		return nil, false, err
	}
	meta := jetstream.ObjectMeta{Name: name, Headers: nats.Header{
		contentEncoding: []string{encodingS2}, payloadSize: []string{strconv.Itoa(out.Len())}}}
	var src *io.PipeReader
	if out.Stream != nil {
		src = compressed(out.Stream)
	} else {
		src = compressed(bytes.NewReader(out.Data))
	}
	_, err = obs.Put(ctx, meta, src)
	src.Close() // ends the compression should the put have stopped early
	if err != nil {
		return nil, false, fmt.Errorf("claim check %s: %w", name, err)
	}
	h.Set(events.HeaderClaimCheck, events.ClaimCheckBucket+"/"+name)
	return nil, true, nil
}

// Load returns the payload a message stands for: its data, or the object
// its claim-check header names, decompressed (what a handler gets from the
// ClaimCheck middleware). A missing object is permanent.
func (c *ClaimChecks) Load(ctx context.Context, h nats.Header, data []byte) ([]byte, error) {
	return c.load(ctx, h, data)
}

// load is Load.
func (c *ClaimChecks) load(ctx context.Context, h nats.Header, data []byte) ([]byte, error) {
	ref := h.Get(events.HeaderClaimCheck)
	if ref == "" {
		return data, nil
	}
	bucket, name, ok := strings.Cut(ref, "/")
	if !ok || bucket != events.ClaimCheckBucket {
		return nil, Permanent(ReasonMissingObject, fmt.Errorf("claim check %q: not in bucket %s", ref, events.ClaimCheckBucket))
	}
	obs, err := c.store(ctx)
	if err != nil {
		return nil, err
	}
	b, err := getObject(ctx, obs, name)
	if errors.Is(err, jetstream.ErrObjectNotFound) {
		return nil, Permanent(ReasonMissingObject, fmt.Errorf("claim check %q: %w", ref, err))
	}
	if err != nil {
		return nil, fmt.Errorf("claim check %q: %w", ref, permissionDenied(c.js.Conn(), err, claimReadSubjects...))
	}
	return b, nil
}

// getObject reads the object name whole into a buffer of its size (GetBytes
// grows one by doubling: a 27 MB object took 64 MB and a copy), to its end,
// where the client checks the object's digest.
func getObject(ctx context.Context, obs jetstream.ObjectStore, name string) ([]byte, error) {
	res, err := obs.Get(ctx, name)
	if err != nil {
		return nil, err
	}
	defer res.Close()
	var r io.Reader = res
	size := uint64(0)
	if info, err := res.Info(); err == nil {
		size = info.Size
		if info.Headers.Get(contentEncoding) == encodingS2 {
			r = s2.NewReader(res)
			size, _ = strconv.ParseUint(info.Headers.Get(payloadSize), 10, 64)
		}
	}
	var b bytes.Buffer
	makeRoomFor(size)
	if size < 1<<31 {
		b.Grow(int(size) + bytes.MinRead) // ReadFrom keeps MinRead free before each read
	}
	if _, err := b.ReadFrom(r); err != nil {
		if errors.Is(err, s2.ErrCorrupt) || errors.Is(err, s2.ErrUnsupported) {
			return nil, Permanent(ReasonMissingObject, fmt.Errorf("claim check %s: decompress: %w", name, err))
		}
		return nil, err
	}
	return b.Bytes(), nil
}

// A claim-check object is stored compressed (an S2 stream), marked by its
// Content-Encoding header, with the payload's size in another; an object
// without them is the payload itself. Text and JSON shrink some 3 times,
// and so do the object store's copies of it in the server (its 8 MB
// blocks, cached and pooled, and the chunks it delivers: those of a 20 MB
// document were some 60 MB at once). Compressed and decompressed as the
// chunks go, the payload is never held compressed whole.
const (
	contentEncoding = "Content-Encoding"
	encodingS2      = "s2"
	payloadSize     = "Tidings-Payload-Size"
)

// compressed reads as what data writes compressed into an S2 stream, block
// by block; closing it ends the compression.
func compressed(data io.WriterTo) *io.PipeReader {
	pr, pw := io.Pipe()
	go func() {
		w := s2.NewWriter(pw, s2.WriterConcurrency(1))
		_, err := data.WriteTo(w)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		pw.CloseWithError(err) // a nil error is io.EOF for the reader
	}()
	return pr
}
