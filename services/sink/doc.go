// Package sink is the last stage of the Tidings pipeline: it reads enriched
// articles from JetStream and stores each exactly once by id (package store),
// acknowledging a message only after its record is durably stored.
//
// A message that cannot be decoded, has no id, or carries an unknown schema
// version is permanent bad input: the router dead-letters it with reason
// "decode" or (its SchemaVersion middleware) "schema_version". A store failure is transient: the message is
// retried with backoff, and the upsert makes the retry harmless.
package sink
