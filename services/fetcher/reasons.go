package fetcher

import "fmt"

// Reason is why a file was rejected; its value is the metric label and the
// label written to the .reason file.
type Reason string

// Reject reasons.
const (
	ReasonEmpty           Reason = "empty"
	ReasonTooLarge        Reason = "too_large"
	ReasonBinary          Reason = "binary"
	ReasonUnsupportedType Reason = "unsupported_extension"
	ReasonInvalidEncoding Reason = "invalid_encoding"
	ReasonSymlinkOutside  Reason = "symlink_outside_inbox"
	ReasonUnreadable      Reason = "unreadable"
	ReasonNotRegular      Reason = "not_regular_file"
	// ReasonInvalidJSON is a .json file that is not a JSON document the
	// parser can read (events.CheckJSONDocument).
	ReasonInvalidJSON Reason = "invalid_json"
)

// Reasons lists every reject reason (the label values of the rejects metric).
func Reasons() []Reason {
	return []Reason{ReasonEmpty, ReasonTooLarge, ReasonBinary, ReasonUnsupportedType,
		ReasonInvalidEncoding, ReasonSymlinkOutside, ReasonUnreadable, ReasonNotRegular, ReasonInvalidJSON}
}

// rejection is a permanent verdict on a file: retrying cannot make it acceptable.
type rejection struct {
	reason Reason
	detail string
	// docID is the id of the content when it was read before the verdict.
	docID string
}

func (r *rejection) Error() string { return fmt.Sprintf("%s: %s", r.reason, r.detail) }

// reject builds a rejection with a formatted, human-readable detail.
func reject(reason Reason, format string, args ...any) *rejection {
	return &rejection{reason: reason, detail: fmt.Sprintf(format, args...)}
}
