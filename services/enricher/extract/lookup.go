package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// gazAt returns the longest gazetteer match starting at token i.
func (r *recognizer) gazAt(i int) (*gazEntry, int) {
	if !r.isWord(i) {
		return nil, 0
	}
	t := r.toks[i]
	if !(t.Cap || t.Key == "the") {
		return nil, 0
	}
	var best *gazEntry
	bestN := 0
	key := ""
	upper := true
	for k := i; k < len(r.toks) && k-i < r.lx.gazMax; k++ {
		tk := r.toks[k]
		if k > i && (!r.sameRun(k) || !(r.isWord(k) || tk.Kind == tPoss)) {
			break
		}
		if k == i {
			key = tk.Key
		} else {
			key += " " + tk.Key
		}
		upper = upper && tk.Upper
		n := k - i + 1
		capOK := tk.Cap || tk.Kind == tNum || (n == 1 && tk.Key == "the")
		if capOK && !(n == 1 && tk.Key == "the") {
			if e := r.lx.lookupGaz(key, upper); e != nil {
				if t.Key != "the" || strings.HasPrefix(foldKey(e.Canon), "the ") || strings.HasPrefix(key, "the ") {
					best, bestN = e, n
				}
			}
		}
		if !r.lx.gazPre[key] {
			break
		}
		if !tk.Cap && !connectors[tk.Key] && tk.Kind != tNum && tk.Kind != tPoss {
			break
		}
	}
	return best, bestN
}

// roleAt returns the longest role phrase starting at token i.
func (r *recognizer) roleAt(i int) (roleEntry, int) {
	if !r.isWord(i) {
		return roleEntry{}, 0
	}
	var best roleEntry
	bestN := 0
	key := ""
	for k := i; k < len(r.toks) && k-i < r.lx.roleMax; k++ {
		if !r.isWord(k) || (k > i && !r.sameRun(k)) {
			break
		}
		if k == i {
			key = r.toks[k].Key
		} else {
			key += " " + r.toks[k].Key
		}
		if re, found := r.lx.roles[key]; found && !(key == "pm" && !r.toks[i].Upper) {
			best, bestN = re, k-i+1
		}
		if !r.lx.rolePre[key] {
			break
		}
	}
	return best, bestN
}

// honorAt returns the honorific at token i and how many tokens it spans.
func (r *recognizer) honorAt(i int) (string, int) {
	if !r.isWord(i) || !r.toks[i].Cap {
		return "", 0
	}
	if i+1 < len(r.toks) && r.sameRun(i+1) {
		if s, ok := r.lx.honor[r.toks[i].Text+" "+r.toks[i+1].Text]; ok {
			return s, 2
		}
	}
	if s, ok := r.lx.honor[r.toks[i].Text]; ok {
		if i+1 < len(r.toks) && r.toks[i+1].Text == "." && r.toks[i+1].Start == r.toks[i].End {
			return s, 2 // "Mr.", "Gen."
		}
		return s, 1
	}
	return "", 0
}

func (r *recognizer) capWord(i int) bool {
	return r.isWord(i) && r.toks[i].Cap && r.toks[i].Kind == tWord
}

// nameRunEnd returns the end of a run of capitalised words starting at i that
// are not gazetteer names, roles or honorifics (name particles allowed inside).
func (r *recognizer) nameRunEnd(i int) int {
	j := i
	for j < len(r.toks) {
		if j > i && !r.sameRun(j) {
			break
		}
		if r.capWord(j) {
			if j > i {
				if _, n := r.roleAt(j); n > 0 && !r.lx.given[r.toks[j].Key] {
					break
				}
				if e, n := r.gazAt(j); e != nil && !r.orgHeadAhead(i, j) && !r.surnameLikePlace(i, j, n) {
					break
				}
			}
			j++
			continue
		}
		if j > i && nameParticles[r.toks[j].Key] && r.capWord(j+1) && r.sameRun(j+1) {
			j++
			continue
		}
		if j > i && r.isWord(j) && particleCompound(r.toks[j].Text) {
			if _, n := r.honorAt(j - 1); n == 0 {
				j++ // "Abdel Fattah al-Sisi", not "Mr al-Sisi"
				continue
			}
		}
		break
	}
	return j
}

// particleCompound reports a name particle joined to a capitalised name by
// a hyphen: "al-Sisi", "el-Baradei", "bin-Salman".
func particleCompound(tok string) bool {
	p, rest, ok := strings.Cut(tok, "-")
	if !ok || rest == "" || !nameParticles[strings.ToLower(p)] {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return unicode.IsUpper(r)
}

// hasOrgHead reports whether tokens [i, j) hold an organisation head word.
func (r *recognizer) hasOrgHead(i, j int) bool {
	for k := i; k < j; k++ {
		if r.lx.orgHeads[r.toks[k].Text] {
			return true
		}
	}
	return false
}

// surnameLikePlace reports a one-word place right after a given name that
// ends the run: "Michael Jordan", "Ellie Paris" are people.
func (r *recognizer) surnameLikePlace(i, j, n int) bool {
	if j != i+1 || n != 1 || !r.lx.given[r.toks[i].Key] || r.lx.gaz[r.toks[i].Key] != nil {
		return false
	}
	return !(r.capWord(j+1) && r.sameRun(j+1))
}

// orgHeadAhead reports whether the capitalised run containing j ends in an
// organisation head word ("… Contact Group").
func (r *recognizer) orgHeadAhead(i, j int) bool {
	end := r.capRunEnd(i)
	return end > j && r.lx.orgHeads[r.toks[end-1].Text]
}

// capRunEnd is the end of the run of capitalised words from i, connectors
// such as "of" allowed when a capitalised word follows.
func (r *recognizer) capRunEnd(i int) int {
	j := i
	for j < len(r.toks) {
		if j > i && !r.sameRun(j) {
			break
		}
		if r.isWord(j) && (r.toks[j].Cap || (r.toks[j].Kind == tNum && j > i)) {
			j++
			continue
		}
		if j > i && connectors[r.toks[j].Key] && r.toks[j].Key != "and" && r.capWord(j+1) && r.sameRun(j+1) {
			j++
			continue
		}
		break
	}
	// a connector must be followed by an organisation head to belong to the run
	for k := i; k < j; k++ {
		if connectors[r.toks[k].Key] && !r.toks[k].Cap {
			if !r.lx.orgHeads[r.toks[k-1].Text] && !r.lx.orgHeads[r.toks[j-1].Text] {
				return k
			}
		}
	}
	return j
}

// capCount counts the capitalised words of [i, end).
func (r *recognizer) capCount(i, end int) int {
	n := 0
	for k := i; k < end; k++ {
		if r.toks[k].Cap {
			n++
		}
	}
	return n
}

// anyGiven reports a given name among [i, end) ("Jean-Noël" counts by its first part).
func (r *recognizer) anyGiven(i, end int) bool {
	for k := i; k < end; k++ {
		key := r.toks[k].Key
		if r.lx.given[key] {
			return true
		}
		if j := strings.IndexByte(key, ' '); j > 0 && r.lx.given[key[:j]] {
			return true
		}
	}
	return false
}
