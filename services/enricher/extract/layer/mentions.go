package layer

import "github.com/tidings-news/tidings/services/enricher/extract/lexicon"

// Mention is one surface form found in the body, before and after it is
// linked to an entity.
type Mention struct {
	Start, End int
	T0, T1     int // token range [T0, T1)
	Type       EntityType
	Kind       MentionKind
	Canon      string            // canonical name (gazetteer) or the name as written
	Gaz        *lexicon.GazEntry // the gazetteer's entry, if it knows the name
	Quote      int               // quote region, -1 outside quotes
	Sent       int
	Ent        int // entity index once linked, -1 before

	// Set by the titles pass.
	Honor   lexicon.HonorStyle // style of the honorific before a person's name
	HonorT0 int                // first token of the honorifics before the name ("Sir"), -1 if none
	Role    string             // role given by a title before the name or an apposition after it
	RoleT0  int                // tokens of the title before the name, if any
	RoleT1  int
	Nat     string // country of a demonym or body before the title
	Former  bool   // the role is not the person's own now ("former prime minister")
	Speaks  bool   // followed by a speech verb, "who" or a verb of a person
	Initial bool   // the name opens a sentence, with no title or honorific before it
	Single  bool   // a one-word person's name whose linking decides who it is
	Tagged  bool   // found by the trained tagger: a one-word person's name stands even when nothing else says it is one
}

// RoleHit is a title or office found at a token.
type RoleHit struct {
	T0, T1 int
	Role   lexicon.Role
	// Used is set when the title introduces a name ("Home Secretary Priya Venn").
	Used bool
}

// Unnamed is an unnamed speaker: "a Number 10 spokesman".
type Unnamed struct {
	Start, End int
	T0, T1     int
	Sent       int
	Quote      int
}

// Entity is one real-world entity of the article.
type Entity struct {
	Type    EntityType
	Name    string
	First   string // folded given name ("" if unknown)
	Surname string // folded surname
	Role    string
	// RoleText is the title as the article first wrote it, folded
	// ("premier" where Role is "prime minister").
	RoleText string
	Former   string // a title the person held before ("former prime minister")
	Nat      string
	Country  string          // the country a place, demonym or body belongs to
	Kind     lexicon.GazKind // the gazetteer's kind, if it knows the entity
	Gender   byte            // 'f', 'm' or 0 when unknown
	Ments    []int           // indices into Doc.Mentions
	ID       string          // canonical id (ids pass)
}

// Agent is someone or something that can say or do things in a sentence:
// a linked mention, a pronoun or an unnamed speaker.
type Agent struct {
	T0, T1  int
	Start   int
	End     int
	Ent     int // entity, -1 for an unnamed speaker or an unresolved pronoun
	Name    string
	Pronoun bool
	Prep    bool // follows a preposition: not a subject
	Initial bool
	Mention int  // index into Doc.Mentions, -1 for unnamed speakers
	RoleT0  int  // first token of a title before the name, -1 if none
	Poss    bool // a possessor ("the president's first prime minister"), not the head of its phrase
}
