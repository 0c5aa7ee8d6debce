package events

import "time"

// Subjects the stages publish on.
const (
	SubjectDocuments = "tidings.documents.v1"
	SubjectArticles  = "tidings.articles.v1"
	SubjectEnriched  = "tidings.enriched.v1"
	// SubjectURLs carries URL requests: pages for the fetcher to fetch.
	SubjectURLs = "tidings.urls.v1"
	// SubjectDLQPrefix is followed by the stage name: tidings.dlq.parser.
	SubjectDLQPrefix = "tidings.dlq."
)

// DLQSubject is the dead-letter subject of a stage.
func DLQSubject(stage string) string { return SubjectDLQPrefix + stage }

// SubjectRedeliverPrefix is followed by a webhook subscription's id: a
// replayed webhook dead letter waits there, in the DLQ stream, for that one
// subscription (its consumer webhook-redeliver-<id>), instead of going back
// to the fan-out subject every subscriber reads.
const SubjectRedeliverPrefix = SubjectDLQPrefix + StageWebhook + ".redeliver."

// RedeliverSubject is where a replayed dead letter of subscription id goes.
func RedeliverSubject(id string) string { return SubjectRedeliverPrefix + id }

// CloudEvents types (the ce-type header), one per message kind.
const (
	CETypeDocumentReceived = "tidings.document.received.v1"
	CETypeArticleParsed    = "tidings.article.parsed.v1"
	CETypeArticleEnriched  = "tidings.article.enriched.v1"
	CETypeDeadLetter       = "tidings.message.deadletter.v1"
	CETypeURLRequested     = "tidings.url.requested.v1"
)

// Stage names, used as consumer names, metric labels and ce-source.
const (
	StageFetcher  = "fetcher"
	StageParser   = "parser"
	StageEnricher = "enricher"
	StageSink     = "sink"
	// StageWebhook delivers fan-out messages to webhook subscriptions (in
	// the sink's process); its dead letters are tidings.dlq.webhook.
	StageWebhook = "webhook"
)

// ClaimCheckBucket is the JetStream object store holding every payload too
// large for a message (a document, an article or a record); the message
// carries the object's name in the tidings-claim-check header.
const ClaimCheckBucket = "tidings-claim-checks"

// Stream names of the pipeline: one per hop, the dead-letter queue and the
// captured max-deliveries advisories.
const (
	StreamDocuments  = "TIDINGS_DOCUMENTS"
	StreamArticles   = "TIDINGS_ARTICLES"
	StreamEnriched   = "TIDINGS_ENRICHED"
	StreamDLQ        = "TIDINGS_DLQ"
	StreamURLs       = "TIDINGS_URLS"
	StreamAdvisories = "TIDINGS_ADVISORIES"
)

// Retention of the streams: how long history is kept for replay, and the
// Nats-Msg-Id deduplication window.
const (
	HistoryMaxAge    = 7 * 24 * time.Hour
	DLQMaxAge        = 30 * 24 * time.Hour
	DuplicatesWindow = 10 * time.Minute
)

// KVBucket is the key-value bucket the enricher keeps canonical entity ids in.
const KVBucket = "tidings-entities"

// StreamSpec describes a JetStream stream of the pipeline. The stage runtime
// turns it into a jetstream.StreamConfig; keeping it here (free of the client
// library) lets every service agree on names without importing NATS.
type StreamSpec struct {
	Name     string
	Subjects []string
	// MaxAge bounds how long history is kept for replay (limits retention).
	MaxAge time.Duration
	// Duplicates is the Nats-Msg-Id deduplication window.
	Duplicates time.Duration
}

// ConsumerSpec describes the durable pull consumer a stage reads with.
type ConsumerSpec struct {
	Stream        string
	Durable       string
	FilterSubject string
	AckWait       time.Duration
	MaxDeliver    int
	// MaxAckPending bounds the messages handed out and not yet acknowledged.
	MaxAckPending int
}

// AdvisorySubject is where the server announces that a consumer gave up on a
// message after MaxDeliver deliveries.
func AdvisorySubject(stream, consumer string) string {
	return "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES." + stream + "." + consumer
}

// Streams lists every stream the pipeline needs, in flow order (the
// enricher's fan-out streams of events, entities and quotes after the
// enriched records). The
// advisories stream captures the max-deliveries advisories of the
// pipeline's consumers, so that a message given up on while no stage was
// running still reaches the dead-letter queue.
func Streams() []StreamSpec {
	hop := func(name, subject string) StreamSpec {
		return StreamSpec{Name: name, Subjects: []string{subject}, MaxAge: HistoryMaxAge, Duplicates: DuplicatesWindow}
	}
	advisories := StreamSpec{Name: StreamAdvisories, MaxAge: HistoryMaxAge, Duplicates: time.Minute}
	for _, c := range Consumers() {
		advisories.Subjects = append(advisories.Subjects, AdvisorySubject(c.Stream, c.Durable))
	}
	return []StreamSpec{
		hop(StreamDocuments, SubjectDocuments),
		hop(StreamArticles, SubjectArticles),
		hop(StreamEnriched, SubjectEnriched),
		hop(StreamEvents, SubjectEventsPrefix+">"),
		hop(StreamEntities, SubjectEntitiesPrefix+">"),
		hop(StreamQuotes, SubjectQuotes),
		hop(StreamURLs, SubjectURLs),
		{Name: StreamDLQ, Subjects: []string{SubjectDLQPrefix + ">"}, MaxAge: DLQMaxAge, Duplicates: DuplicatesWindow},
		advisories,
	}
}

// Consumers lists the durable consumers of the consuming stages, in flow
// order.
func Consumers() []ConsumerSpec {
	return []ConsumerSpec{FetcherConsumer(), ParserConsumer(), EnricherConsumer(), SinkConsumer()}
}

// FetcherConsumer reads the URL requests. A page may wait for its host's
// rate limit, so it has a longer ack wait; fewer are handed out at once.
func FetcherConsumer() ConsumerSpec {
	c := consumer(StageFetcher, StreamURLs, SubjectURLs)
	c.AckWait, c.MaxAckPending = time.Minute, 256
	return c
}

// consumer is the durable consumer stage reads stream's subject with. Its
// ack wait bounds how long a message delivered to a stage that died (or
// whose connection did), or whose delivery or acknowledgement was lost in a
// consumer leader's election, waits before it is redelivered: short, since
// a stage fetches only what it starts at once and long work is kept alive
// by InProgress every third of it. Its MaxDeliver is a fallback: the
// stages set it from their retry budget.
func consumer(stage, stream, subject string) ConsumerSpec {
	return ConsumerSpec{Stream: stream, Durable: stage, FilterSubject: subject,
		AckWait: 5 * time.Second, MaxDeliver: 5, MaxAckPending: 1024}
}

// ParserConsumer reads the documents stream.
func ParserConsumer() ConsumerSpec {
	return consumer(StageParser, StreamDocuments, SubjectDocuments)
}

// EnricherConsumer reads the articles stream.
func EnricherConsumer() ConsumerSpec {
	return consumer(StageEnricher, StreamArticles, SubjectArticles)
}

// SinkConsumer reads the enriched stream.
func SinkConsumer() ConsumerSpec {
	return consumer(StageSink, StreamEnriched, SubjectEnriched)
}

// Key-value buckets of the pipeline.
const (
	// BucketFeeds holds the registered feeds and their polling state.
	BucketFeeds = "tidings-feeds"
	// BucketLeases holds the fetcher replicas' heartbeats and their leases
	// on feeds; an entry lives LeaseTTL after its last renewal.
	BucketLeases = "tidings-fetcher-leases"
	// BucketSeenURLs holds the canonical URLs queued or fetched lately (the
	// seen window), keyed by URLKey.
	BucketSeenURLs = "tidings-seen-urls"
	// BucketNearDup holds the near-duplicate index: MinHash signatures and
	// LSH bands of the articles of the window.
	BucketNearDup = "tidings-neardup"
	// BucketStories holds the open stories and the story of each article.
	BucketStories = "tidings-stories"
)

// LeaseTTL is how long a fetcher's lease on a feed (and its heartbeat)
// outlives its last renewal: a dead replica's feeds are taken over after it.
const LeaseTTL = 30 * time.Second

// KeyValueSpec describes a key-value bucket of the pipeline.
type KeyValueSpec struct {
	Bucket      string
	Description string
	// History is how many values of a key are kept.
	History int
	// TTL is how long a value lives after it was written (0: for ever).
	TTL time.Duration
}

// KeyValues lists every key-value bucket of the pipeline but the entity
// registry's (declared by the enricher).
func KeyValues() []KeyValueSpec {
	return []KeyValueSpec{
		{Bucket: BucketFeeds, Description: "Tidings feeds and their polling state", History: 1},
		{Bucket: BucketLeases, Description: "Tidings fetcher heartbeats and feed leases", History: 1, TTL: LeaseTTL},
		{Bucket: BucketSeenURLs, Description: "Tidings URLs queued or fetched lately", History: 1, TTL: HistoryMaxAge},
		{Bucket: BucketNearDup, Description: "Tidings near-duplicate index (MinHash signatures, LSH bands)", History: 1, TTL: HistoryMaxAge},
		{Bucket: BucketStories, Description: "Tidings stories and the story of each article", History: 1, TTL: HistoryMaxAge},
	}
}

// KeyValue returns the spec of bucket (ok false when it is not one of KeyValues).
func KeyValue(bucket string) (KeyValueSpec, bool) {
	for _, s := range KeyValues() {
		if s.Bucket == bucket {
			return s, true
		}
	}
	return KeyValueSpec{}, false
}
