package stage

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
)

// Dead-letter reasons shared by the stages (a handler adds its own through
// Permanent).
const (
	// ReasonDecode: the payload is not the message the stage reads.
	ReasonDecode = "decode"
	// ReasonSchemaVersion: the payload has a schema version this build does not read.
	ReasonSchemaVersion = "schema_version"
	// ReasonMissingObject: the claim check names an object that is not there.
	ReasonMissingObject = "missing_object"
	// ReasonRetriesExhausted: a transient failure on the last allowed delivery.
	ReasonRetriesExhausted = "retries_exhausted"
	// ReasonMaxDeliveries: the server gave up on the message (the handler
	// crashed or hung on every delivery).
	ReasonMaxDeliveries = "max_deliveries"
	// ReasonPermissionDenied: the server refused the stage's user something
	// the handling needs (a permissions violation); retrying cannot fix a
	// configuration, so it goes to the DLQ at once.
	ReasonPermissionDenied = "permission_denied"
)

// marked is err carrying a mark of type M that the router reads back
// through errors.As (markOf), whatever wraps it since.
type marked[M any] struct {
	mark M
	err  error
}

func (e *marked[M]) Error() string { return e.err.Error() }
func (e *marked[M]) Unwrap() error { return e.err }

// markOf is the mark of type M on err or on an error it wraps.
func markOf[M any](err error) (m M, ok bool) {
	var e *marked[M]
	if errors.As(err, &e) {
		return e.mark, true
	}
	return m, false
}

// The marks: the dead-letter reason of an error that retrying cannot fix
// (bad input); the reason of a message the DeadLetter middleware stored in
// the DLQ, which the router terminates; the delay before a transient
// failure is retried.
type (
	permanentReason    string
	deadLetteredReason string
	retryDelay         time.Duration
)

// Permanent marks err as permanent: the message is dead-lettered with reason
// (a short, bounded label such as "decode" or "invalid_document") and
// terminated instead of retried.
func Permanent(reason string, err error) error {
	if err == nil {
		return nil
	}
	return &marked[permanentReason]{mark: permanentReason(reason), err: err}
}

// IsPermanent reports whether err (or an error it wraps) was marked Permanent,
// and with which reason.
func IsPermanent(err error) (reason string, ok bool) {
	r, ok := markOf[permanentReason](err)
	return string(r), ok
}

// deadLettered is the error of a message the DeadLetter middleware stored in
// the DLQ with reason.
func deadLettered(reason string, err error) error {
	return &marked[deadLetteredReason]{mark: deadLetteredReason(reason), err: err}
}

// isDeadLettered reports whether err says the message is in the DLQ, and why.
func isDeadLettered(err error) (reason string, ok bool) {
	r, ok := markOf[deadLetteredReason](err)
	return string(r), ok
}

// RetryAfter asks the router to redeliver the message after delay (a Nak
// with that delay); the Backoff middleware sets it on every transient error.
func RetryAfter(delay time.Duration, err error) error {
	if err == nil {
		return nil
	}
	return &marked[retryDelay]{mark: retryDelay(delay), err: err}
}

// RetryDelay is the delay RetryAfter put on err; ok is false when it put
// none (the router then redelivers at once).
func RetryDelay(err error) (delay time.Duration, ok bool) {
	d, ok := markOf[retryDelay](err)
	return time.Duration(d), ok
}

// Outcome is how the router settles a message the handler chain returned err
// for: OutcomeAck (nil), OutcomeDLQ (dead-lettered, then terminated) or
// OutcomeNak (redelivered later).
func Outcome(err error) string {
	if err == nil {
		return OutcomeAck
	}
	if _, ok := isDeadLettered(err); ok {
		return OutcomeDLQ
	}
	return OutcomeNak
}

// permissionDenied turns err, the failure of a request to NATS, into a
// permanent error when the server reported a permissions violation for a
// publish to a subject starting with one of prefixes: the server drops such a
// publish and says so only asynchronously, so the request itself merely times
// out. The violation (the connection's last error) becomes the error's text.
func permissionDenied(nc *nats.Conn, err error, prefixes ...string) error {
	if err == nil || nc == nil {
		return err
	}
	if _, ok := IsPermanent(err); ok {
		return err
	}
	last := nc.LastError()
	if !errors.Is(last, nats.ErrPermissionViolation) {
		return err
	}
	text := last.Error()
	for _, p := range prefixes {
		if strings.Contains(text, `Publish to "`+p) {
			return Permanent(ReasonPermissionDenied, fmt.Errorf("%w (%v)", last, err))
		}
	}
	return err
}
