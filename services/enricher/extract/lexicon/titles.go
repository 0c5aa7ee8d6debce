package lexicon

import (
	"strings"

	"github.com/tidings-news/tidings/pkg/words"
	"github.com/tidings-news/tidings/services/enricher/extract/fold"
)

// Role is a title or office ("defence secretary").
type Role struct {
	Canon string
	// Standalone roles may be used alone as a mention ("the prime minister").
	Standalone bool
}

// HonorStyle says what follows an honorific.
type HonorStyle string

// Honorific styles.
const (
	HonorGiven   HonorStyle = "given"   // a given name when alone ("Sir Alan")
	HonorSurname HonorStyle = "surname" // a surname ("Mr Smith")
	HonorRank    HonorStyle = "rank"    // a military or religious rank
)

// Honorific is a word before a name ("Mr", "Sir", "Admiral").
type Honorific struct {
	Style HonorStyle
}

// SpeechVerb is a verb that introduces reported speech.
type SpeechVerb struct {
	Lemma string
	// Participle verbs ("saying", "adding") take the clause's subject as speaker.
	Participle bool
	// Addressee: the object after the verb is the one addressed ("told
	// reporters"), never the speaker.
	Addressee bool
}

func (lx *Lexicon) addRole(r words.Row) error {
	k := fold.Key(r.Get("phrase"))
	lx.roles[k] = Role{Canon: r.Get("canonical"), Standalone: r.Has('s')}
	lx.roleMax = max(lx.roleMax, len(strings.Fields(k)))
	addPrefixes(lx.rolePre, k)
	return nil
}

// LookupRole returns the role of a folded phrase.
func (lx *Lexicon) LookupRole(key string) (Role, bool) {
	r, ok := lx.roles[key]
	return r, ok
}

// RolePrefix reports whether key is a proper word prefix of a longer role.
func (lx *Lexicon) RolePrefix(key string) bool { return lx.rolePre[key] }

// RoleMax is the number of words of the longest role.
func (lx *Lexicon) RoleMax() int { return lx.roleMax }

// Roles returns every role by folded phrase.
func (lx *Lexicon) Roles() map[string]Role { return lx.roles }
