package events

import "time"

// Subjects the stages publish on.
const (
	SubjectDocuments = "tidings.documents.v1"
	SubjectArticles  = "tidings.articles.v1"
	SubjectEnriched  = "tidings.enriched.v1"
	// SubjectDLQPrefix is followed by the stage name: tidings.dlq.parser.
	SubjectDLQPrefix = "tidings.dlq."
)

// DLQSubject is the dead-letter subject of a stage.
func DLQSubject(stage string) string { return SubjectDLQPrefix + stage }

// CloudEvents types, one per message kind.
const (
	TypeDocumentReceived = "tidings.document.received.v1"
	TypeArticleParsed    = "tidings.article.parsed.v1"
	TypeArticleEnriched  = "tidings.article.enriched.v1"
	TypeDeadLetter       = "tidings.message.deadletter.v1"
)

// Stage names, used as consumer names, metric labels and ce-source.
const (
	StageFetcher  = "fetcher"
	StageParser   = "parser"
	StageEnricher = "enricher"
	StageSink     = "sink"
)

// ObjectBucket holds documents too large for a message (claim check).
const ObjectBucket = "tidings-documents"

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

// Streams of the pipeline: one per hop, plus the dead-letter queue.
var (
	StreamDocuments = StreamSpec{Name: "TIDINGS_DOCUMENTS", Subjects: []string{SubjectDocuments}, MaxAge: 7 * 24 * time.Hour, Duplicates: 10 * time.Minute}
	StreamArticles  = StreamSpec{Name: "TIDINGS_ARTICLES", Subjects: []string{SubjectArticles}, MaxAge: 7 * 24 * time.Hour, Duplicates: 10 * time.Minute}
	StreamEnriched  = StreamSpec{Name: "TIDINGS_ENRICHED", Subjects: []string{SubjectEnriched}, MaxAge: 7 * 24 * time.Hour, Duplicates: 10 * time.Minute}
	StreamDLQ       = StreamSpec{Name: "TIDINGS_DLQ", Subjects: []string{SubjectDLQPrefix + ">"}, MaxAge: 30 * 24 * time.Hour, Duplicates: 10 * time.Minute}
)

// AdvisorySubject is where the server announces that a consumer gave up on a
// message after MaxDeliver deliveries.
func AdvisorySubject(stream, consumer string) string {
	return "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES." + stream + "." + consumer
}

// StreamAdvisories captures the max-deliveries advisories of the pipeline's
// consumers, so that a message given up on while no stage was running still
// reaches the dead-letter queue.
var StreamAdvisories = StreamSpec{
	Name: "TIDINGS_ADVISORIES",
	Subjects: []string{
		AdvisorySubject(StreamDocuments.Name, StageParser),
		AdvisorySubject(StreamArticles.Name, StageEnricher),
		AdvisorySubject(StreamEnriched.Name, StageSink),
	},
	MaxAge:     7 * 24 * time.Hour,
	Duplicates: time.Minute,
}

// AllStreams lists every stream the pipeline needs, in flow order.
func AllStreams() []StreamSpec {
	return []StreamSpec{StreamDocuments, StreamArticles, StreamEnriched, StreamDLQ, StreamAdvisories}
}

// Consumers of the three consuming stages.
var (
	ConsumerParser   = ConsumerSpec{Stream: StreamDocuments.Name, Durable: StageParser, FilterSubject: SubjectDocuments, AckWait: 30 * time.Second, MaxDeliver: 5, MaxAckPending: 1024}
	ConsumerEnricher = ConsumerSpec{Stream: StreamArticles.Name, Durable: StageEnricher, FilterSubject: SubjectArticles, AckWait: 30 * time.Second, MaxDeliver: 5, MaxAckPending: 1024}
	ConsumerSink     = ConsumerSpec{Stream: StreamEnriched.Name, Durable: StageSink, FilterSubject: SubjectEnriched, AckWait: 30 * time.Second, MaxDeliver: 5, MaxAckPending: 1024}
)
