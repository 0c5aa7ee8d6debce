package stage

import "errors"

// permanentError marks an error that retrying cannot fix (bad input).
type permanentError struct {
	reason string
	err    error
}

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent marks err as permanent: the runner terminates the message and sends
// it to the dead-letter queue with reason (a short, bounded label such as
// "decode" or "invalid_document") instead of retrying it.
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
