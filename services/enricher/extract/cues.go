package extract

// nameContext reads the words around a capitalised run [i, end) for its
// type: "the city of X", "the X region" (LOC), "the X agency" (ORG).
func (r *recognizer) nameContext(i, end int) string {
	if end < len(r.toks) && r.sameRun(end) && r.isWord(end) && !r.toks[end].Cap {
		k := r.toks[end].Key
		if r.lx.locNouns[k] && k != "border" && k != "capital" {
			return "LOC"
		}
		if r.lx.orgNouns[k] {
			return "ORG"
		}
	}
	if i >= 2 && r.toks[i-1].Key == "of" && r.sameRun(i) && r.lx.locNouns[r.toks[i-2].Key] {
		return "LOC"
	}
	if i >= 2 && r.toks[i-1].Key == "at" && staffNouns[r.toks[i-2].Key] && (end-i >= 2 || r.toks[i].Upper) {
		// "analysts at UBS", "researchers at Oxford Economics"; a single
		// word ("a fellow at Hollister") is left to the linker, which may
		// know it as the short name of an organisation already named.
		return "ORG"
	}
	if i >= 2 && (r.toks[i-1].Key == "to" || r.toks[i-1].Key == "in") && motionVerbs[r.toks[i-2].Key] {
		return "LOC" // "flew to Sandringham", "arrived in Lviv"
	}
	if i >= 1 && placePrepsBefore[r.toks[i-1].Key] && r.sameRun(i) && end-i <= 2 && !r.lx.given[r.toks[i].Key] &&
		!(end < len(r.toks) && r.toks[end].Kind == tPoss) {
		return "LOC" // "shelling in Toretsk", "near Vovchansk"
	}
	return ""
}

// staffNouns work at an organisation: the capitalised name after their "at"
// is one ("economists at Barclays").
var staffNouns = map[string]bool{"analysts": true, "analyst": true, "economists": true, "economist": true,
	"researchers": true, "researcher": true, "strategists": true, "strategist": true, "scientists": true,
	"executives": true, "engineers": true, "lawyers": true, "employees": true, "staff": true, "traders": true,
	"experts": true, "professor": true, "fellow": true}

// placePrepsBefore, right before a capitalised word that is not a known name,
// mark a place.
var placePrepsBefore = map[string]bool{"in": true, "near": true, "outside": true, "towards": true, "toward": true,
	"around": true, "across": true}

// motionVerbs go somewhere: the capitalised word after their "to" is a place.
var motionVerbs = map[string]bool{"flew": true, "fly": true, "flies": true, "travelled": true, "traveled": true,
	"travel": true, "travels": true, "travelling": true, "traveling": true, "arrived": true, "arrives": true,
	"arrive": true, "went": true, "returned": true, "returns": true, "return": true, "headed": true, "moved": true,
	"drove": true, "sailed": true, "evacuated": true, "fled": true, "deployed": true, "relocated": true}

// appositiveRole reads ", chief of the defence staff," after a name.
func (r *recognizer) appositiveRole(end int, role, nat string) (string, string) {
	if role != "" || end >= len(r.toks) || r.toks[end].Text != "," {
		return role, nat
	}
	j := end + 1
	if j < len(r.toks) && (r.toks[j].Key == "the" || r.toks[j].Key == "a") {
		j++
	}
	newNat := nat
	if e, n := r.gazAt(j); e != nil {
		newNat = e.Country
		if newNat == "" && e.Type == "ORG" {
			newNat = e.Canon
		}
		j += n
		if j < len(r.toks) && r.toks[j].Kind == tPoss {
			j++ // "Sybiha, Ukraine's foreign minister,"
		}
	}
	if re, n := r.roleAt(j); n > 0 && r.sameRun(j) {
		return re.Canon, newNat
	}
	return role, nat
}

// speechAfter reports whether a speech verb follows token end (with an
// optional adverb: "also said").
func (r *recognizer) speechAfter(end int) bool {
	for j := end; j < len(r.toks) && j < end+3; j++ {
		if !r.isWord(j) || !r.sameRun(j) && j > end {
			return false
		}
		if _, ok := r.lx.speech[r.toks[j].Key]; ok {
			return true
		}
	}
	return false
}

// personVerbs after a lone capitalised word suggest a person acting:
// "Kovalenko has …", "Marsh would …".
var personVerbs = map[string]bool{"has": true, "had": true, "will": true, "would": true, "could": true,
	"should": true, "must": true, "can": true, "did": true, "was": true, "is": true, "wants": true, "wanted": true,
	"insists": true, "believes": true, "thinks": true, "hopes": true, "met": true, "visited": true}

// actsAfter reports a verb of a person right after token end.
func (r *recognizer) actsAfter(end int) bool {
	return end < len(r.toks) && r.sameRun(end) && personVerbs[r.toks[end].Key]
}

// hyphenParts adds a mention for each known name in a hyphenated word
// when every capitalised part is known ("US-Ukraine"); it reports whether it did.
func (r *recognizer) hyphenParts(i int) bool {
	t := r.toks[i]
	type part struct {
		s, e int
		g    *gazEntry
	}
	var parts []part
	start := 0
	for k := 0; k <= len(t.Text); k++ {
		if k < len(t.Text) && t.Text[k] != '-' {
			continue
		}
		p := t.Text[start:k]
		if p != "" {
			g := r.lx.lookupGaz(foldKey(p), isUpperWord(p))
			if g == nil || g.Type == "NORP" && g.Country == "" {
				return false
			}
			parts = append(parts, part{t.Start + start, t.Start + k, g})
		}
		start = k + 1
	}
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		r.add(mention{T0: i, T1: i + 1, Type: p.g.Type, Kind: kindName, Canon: p.g.Canon, Gaz: p.g})
		m := &r.mentions[len(r.mentions)-1]
		m.Start, m.End = p.s, p.e
	}
	return true
}

// relativeAfter reports ", who" after a name: "Marsh, who met …".
func (r *recognizer) relativeAfter(end int) bool {
	return end+1 < len(r.toks) && r.toks[end].Text == "," && r.toks[end+1].Key == "who"
}

// noteUnnamed records "a/the [modifiers] spokesman" ending at token i.
func (r *recognizer) noteUnnamed(i int) {
	if r.capWord(i+1) && r.sameRun(i+1) {
		return // "the Kremlin spokesman Ivan Sorokin": named after all
	}
	note := func(j int) {
		r.unnamed = append(r.unnamed, unnamed{T0: j, T1: i + 1, Start: r.toks[j].Start, End: r.toks[i].End,
			Sent: r.toks[i].Sent, Quote: r.toks[i].Quote})
	}
	possAt := -1 // a possessor before the noun: "the prime minister's spokesman"
	j := i - 1
	for ; j >= 0 && i-j <= 8 && r.sameRun(j+1) && (r.isWord(j) || r.toks[j].Kind == tPoss); j-- {
		k := r.toks[j].Key
		if r.toks[j].Kind == tPoss {
			possAt = j
			continue
		}
		if _, verb := r.lx.speech[k]; verb || prepositions[k] || k == "would" || k == "will" || k == "has" || k == "have" ||
			k == "is" || k == "was" || k == "are" || k == "were" || k == "and" || k == "that" {
			break // not one noun phrase
		}
		switch k {
		case "a", "an", "the", "one", "another", "two", "three", "several", "some":
			note(j)
			return
		}
		if possAt >= 0 && !r.toks[j].Cap {
			break
		}
	}
	if possAt > j+1 {
		note(j + 1) // "Keir Smith's spokesman"
	}
}
