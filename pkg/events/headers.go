package events

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"unicode/utf8"
)

// Header names: CloudEvents' NATS binding plus the pipeline's own.
const (
	HeaderSpecVersion = "ce-specversion"
	HeaderType        = "ce-type"
	HeaderSource      = "ce-source"
	HeaderID          = "ce-id"
	HeaderTime        = "ce-time"
	HeaderSubject     = "ce-subject"
	// HeaderMsgID is JetStream's deduplication header.
	HeaderMsgID = "Nats-Msg-Id"
	// HeaderTraceID carries one trace id from the fetcher to the sink.
	HeaderTraceID = "tidings-trace-id"
	// HeaderDocID is the document id, the same on every hop.
	HeaderDocID = "tidings-doc-id"
	// HeaderClaimCheck names the object ("bucket/name") holding a payload too
	// large for a message; the message itself then carries no data.
	HeaderClaimCheck = "tidings-claim-check"
	// HeaderSourceName is the document's name at its source (the inbox
	// file's name), the same on every hop, so a dead letter says which file
	// it came from.
	HeaderSourceName = "tidings-source"
	// HeaderReceived is the fetcher's receive time (RFC 3339, nanoseconds), for end-to-end latency.
	HeaderReceived = "tidings-received"

	// Dead-letter headers.
	HeaderDLQReason    = "tidings-dlq-reason"
	HeaderDLQError     = "tidings-dlq-error"
	HeaderDLQTime      = "tidings-dlq-time"
	HeaderDLQStage     = "tidings-dlq-stage"
	HeaderDLQStream    = "tidings-dlq-stream"
	HeaderDLQSubject   = "tidings-dlq-subject"
	HeaderDLQSequence  = "tidings-dlq-sequence"
	HeaderDLQDelivered = "tidings-dlq-delivered"
	// HeaderDLQType keeps the message's own ce-type (the dead letter's is
	// CETypeDeadLetter), restored when it is replayed.
	HeaderDLQType = "tidings-dlq-type"
	// HeaderSubscription is a webhook subscription's id: on each POST and
	// on a webhook dead letter.
	HeaderSubscription = "X-Tidings-Subscription"
)

// CloudEventsSpecVersion is the ce-specversion every message carries.
const CloudEventsSpecVersion = "1.0"

// MsgID is the Nats-Msg-Id a stage sets when publishing a document's output:
// the same document through the same stage always yields the same id, so a
// redelivered input cannot publish its output twice within the dedup window.
func MsgID(stage, docID string) string { return stage + ":" + docID }

// URLKey is the hex SHA-256 of a canonical URL: the id of a URL request and
// the key of the URL in the seen window.
func URLKey(canonicalURL string) string {
	sum := sha256.Sum256([]byte(canonicalURL))
	return hex.EncodeToString(sum[:])
}

// PageItemID is the item id (stage.Output.ItemID) of the document fetched
// from a page, so its Nats-Msg-Id is "fetcher:page:<URLKey>": from its
// canonical URL, not its content, and a page whose content changed between
// two fetches is still published once within the window.
func PageItemID(canonicalURL string) string { return "page:" + URLKey(canonicalURL) }

// NormalizeContent returns the canonical form of a document's content that its
// id is computed from: a UTF-8 byte order mark dropped, CRLF and CR line ends
// turned into LF, and trailing white space at the end removed.
//
// Content without a carriage return is not copied: the result is then a
// part of b (a document of 20 MB was copied twice per call).
func NormalizeContent(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	if bytes.IndexByte(b, '\r') >= 0 {
		b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
		b = bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
	}
	return bytes.TrimRight(b, " \t\n")
}

// DocumentID is the hex SHA-256 of the normalized content.
func DocumentID(content []byte) string {
	sum := sha256.Sum256(NormalizeContent(content))
	return hex.EncodeToString(sum[:])
}

// ValidID reports whether s looks like a DocumentID.
func ValidID(s string) bool {
	if len(s) != 64 || !utf8.ValidString(s) {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}
