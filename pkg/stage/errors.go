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

// permanentError marks an error that retrying cannot fix (bad input).
type permanentError struct {
	reason string
	err    error
}

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent marks err as permanent: the message is dead-lettered with reason
// (a short, bounded label such as "decode" or "invalid_document") and
// terminated instead of retried.
func Permanent(reason string, err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{reason: reason, err: err}
}

// IsPermanent reports whether err (or an error it wraps) was marked Permanent,
// and with which reason.
func IsPermanent(err error) (reason string, ok bool) {
	var p *permanentError
	if errors.As(err, &p) {
		return p.reason, true
	}
	return "", false
}

// deadLettered is the error of a message the DeadLetter middleware stored in
// the DLQ: the router terminates it.
type deadLettered struct {
	reason string
	err    error
}

func (e *deadLettered) Error() string { return e.err.Error() }
func (e *deadLettered) Unwrap() error { return e.err }

// isDeadLettered reports whether err says the message is in the DLQ, and why.
func isDeadLettered(err error) (reason string, ok bool) {
	var d *deadLettered
	if errors.As(err, &d) {
		return d.reason, true
	}
	return "", false
}

// retryError carries the delay before a transient failure is retried.
type retryError struct {
	delay time.Duration
	err   error
}

func (e *retryError) Error() string { return e.err.Error() }
func (e *retryError) Unwrap() error { return e.err }

// RetryAfter asks the router to redeliver the message after delay (a Nak
// with that delay); the Backoff middleware sets it on every transient error.
func RetryAfter(delay time.Duration, err error) error {
	if err == nil {
		return nil
	}
	return &retryError{delay: delay, err: err}
}

// RetryDelay is the delay RetryAfter put on err; ok is false when it put
// none (the router then redelivers at once).
func RetryDelay(err error) (delay time.Duration, ok bool) {
	var r *retryError
	if errors.As(err, &r) {
		return r.delay, true
	}
	return 0, false
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
