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

// CloudEvents types (the ce-type header), one per message kind.
const (
	CETypeDocumentReceived = "tidings.document.received.v1"
	CETypeArticleParsed    = "tidings.article.parsed.v1"
	CETypeArticleEnriched  = "tidings.article.enriched.v1"
	CETypeDeadLetter       = "tidings.message.deadletter.v1"
)

// Stage names, used as consumer names, metric labels and ce-source.
const (
	StageFetcher  = "fetcher"
	StageParser   = "parser"
	StageEnricher = "enricher"
	StageSink     = "sink"
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
		{Name: StreamDLQ, Subjects: []string{SubjectDLQPrefix + ">"}, MaxAge: DLQMaxAge, Duplicates: DuplicatesWindow},
		advisories,
	}
}

// Consumers lists the durable consumers of the three consuming stages, in
// flow order.
func Consumers() []ConsumerSpec {
	return []ConsumerSpec{ParserConsumer(), EnricherConsumer(), SinkConsumer()}
}

// consumer is the durable consumer stage reads stream's subject with. Its
// ack wait bounds how long a message delivered to a stage that died (or
// whose connection did) waits before it is redelivered; long work is kept
// alive by InProgress every third of it. Its MaxDeliver is a fallback: the
// stages set it from their retry budget.
func consumer(stage, stream, subject string) ConsumerSpec {
	return ConsumerSpec{Stream: stream, Durable: stage, FilterSubject: subject,
		AckWait: 15 * time.Second, MaxDeliver: 5, MaxAckPending: 1024}
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
