package lexicon

// CameoCode is one row of the CAMEO event table.
type CameoCode struct {
	Code      string
	Label     string
	QuadClass int
	Goldstein float64
}

// Pattern is a CAMEO verb pattern: a trigger word and what must follow it.
type Pattern struct {
	Code      string
	Steps     [][]string // alternatives per step; a nil step is a gap of up to four words
	Nominal   bool       // n: a nominal trigger; its modifiers can be actors ("Russian air attack")
	ToLoc     bool       // t: the object of "to" is where it happens ("travel to Moscow")
	Reverse   bool       // r: the sentence's subject is the target ("came under fire")
	Statement bool       // s: a statement
	// Object requires an entity right after the trigger ("told Marsh").
	Object bool
}
