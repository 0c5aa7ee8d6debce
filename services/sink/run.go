package sink

// DefaultConcurrency is how many records the sink stores at once unless
// told otherwise: its handlers wait on the store's group commits rather
// than on the CPU, and the more records wait together, the larger each
// batch and the cheaper each article (with 128 rather than 16, a third more
// articles per second into SQLite and PostgreSQL alike; see
// BenchmarkSinkOnJetStream).
const DefaultConcurrency = 128

// GCPercent is the sink binary's garbage-collector target unless GOGC says
// otherwise: its heap is small and short-lived (records in flight), and at
// the default 100 collection takes a third of the writer's CPU.
const GCPercent = 400
