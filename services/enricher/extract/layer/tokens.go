package layer

import "github.com/tidings-news/tidings/services/enricher/extract/lexicon"

// TokKind is the kind of a token.
type TokKind uint8

// Token kinds.
const (
	Word  TokKind = iota // a word, possibly hyphenated or an abbreviation ("U.S.")
	Num                  // a number
	Poss                 // a possessive ending ("'s", "’s")
	Punct                // any other single character
)

// Token is one word or punctuation mark of the body.
type Token struct {
	Start, End int
	Text       string
	Key        string // fold.Key of Text ("" for punctuation)
	Kind       TokKind
	Cap        bool // first letter upper-case
	Upper      bool // at least two letters, all upper-case
	Sent       int  // sentence index
	Quote      int  // index of the quote region holding the token, -1 outside quotes
	Initial    bool // opens a sentence, a quote or follows a colon
	// Class is the set of word lists Key is in (tokens pass).
	Class lexicon.Class
}

// QuoteRegion is a stretch of direct speech between quotation marks, or
// from an opening mark to the end of its paragraph when the mark is not
// closed.
type QuoteRegion struct {
	Open, Close int // offsets of the marks; Close == -1 when unclosed
	Start, End  int // the quoted text, trimmed
	Para        int
	Single      bool
	// Cont marks a paragraph that continues the previous paragraph's
	// unclosed quote.
	Cont bool
}
