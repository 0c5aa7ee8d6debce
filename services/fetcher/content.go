package fetcher

import (
	"errors"

	"github.com/tidings-news/tidings/pkg/events"
)

// decodeText turns the raw bytes of a file into the UTF-8 text that is
// published (events.DecodeText: the pipeline's one text policy), or rejects
// them: as binary, in an encoding Tidings does not read, or empty when only
// white space is left. converted reports whether the content was converted
// from UTF-16.
func decodeText(raw []byte) (text []byte, converted bool, rej *rejection) {
	text, converted, err := events.DecodeText(raw)
	var te *events.TextError
	switch {
	case errors.As(err, &te) && te.Binary:
		return nil, converted, reject(ReasonBinary, "%s", te.Detail)
	case err != nil:
		return nil, converted, reject(ReasonInvalidEncoding, "%s", err)
	case len(events.NormalizeContent(text)) == 0:
		return nil, converted, reject(ReasonEmpty, "the file holds only white space")
	}
	return text, converted, nil
}
