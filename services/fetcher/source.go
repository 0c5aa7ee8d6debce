package fetcher

import (
	"context"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
)

// Source is where documents come from. It finds them, sends each through
// the fetcher's one publishing path, and settles what it found by the
// verdict: the inbox, the first source, moves a published file to
// processed/ and a rejected one to failed/, and leaves one whose publish
// failed for a later try. A second source (an HTTP upload, a feed) is
// another implementation, added in New.
type Source interface {
	// Name names the source in logs.
	Name() string
	// Run finds documents and sends each through publish until ctx ends,
	// then finishes the one in hand and returns.
	Run(ctx context.Context, publish PublishFunc) error
	// Ready is the source's readiness check.
	Ready(ctx context.Context) error
}

// Item is one document as a source found it.
type Item struct {
	// Name is the document's name at its source (a file name, an upload's
	// name); it becomes Document.Source.
	Name string
	// MediaType is one of events.AcceptedMedia's types.
	MediaType string
	// Raw is the content as found; the publishing path decodes it.
	Raw []byte
	// SourceURL and Published say where and when the source says the
	// document was published (optional).
	SourceURL string
	Published *time.Time
	// TraceID continues a trace begun upstream (a URL request's); a new
	// one is made when empty.
	TraceID string
	// ItemID, when set, makes the deduplication id <stage>:<ItemID> (a
	// fetched page's comes from its canonical URL, events.PageItemID);
	// default: the stage and the document id.
	ItemID string
}

// PublishFunc is the one publishing path every source uses: it checks
// item's content (a *rejection when it can never be accepted: empty, too
// large, binary, not text), builds its events.Document and publishes it
// (through the object store when large), returning once the server has
// stored it. Any other error is transient (Published.Doc says what was
// being sent): the source tries again later.
type PublishFunc func(ctx context.Context, item Item) (Published, error)

// Published is a document the server has stored.
type Published struct {
	stage.Published
	Doc events.Document
	// FromUTF16 is set when the content was UTF-16 and has been converted.
	FromUTF16 bool
}
