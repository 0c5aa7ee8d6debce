package lexicon

import "fmt"

// Class is the set of word lists a folded word belongs to. The tokens pass
// computes each token's Class once (one lookup), and the passes after it
// test membership with a bit instead of a map lookup per list.
type Class uint64

// Classes of words that are not a Words list of their own.
const (
	ClassSpeech    Class = 1 << iota // a speech verb form ("said", "according")
	ClassTrigger                     // opens a CAMEO pattern
	ClassRoleStart                   // a title or the first word of one
	ClassGazStart                    // a gazetteer name or the first word of one
	ClassCalendar                    // a weekday, month, relative day or day part
	firstListBit
)

// Words is a set of words. A set of folded words also has a Class bit, so
// a token tests membership by its Class (In).
type Words struct {
	set map[string]bool
	bit Class
}

// Has reports whether key is in the set.
func (w Words) Has(key string) bool { return w.set[key] }

// In reports whether a word of Class c is in the set. Only sets of folded
// words have a bit; asking one written as is panics (a programming error
// the tests catch).
func (w Words) In(c Class) bool {
	if w.bit == 0 {
		panic("lexicon: In on a word set with no class bit")
	}
	return c&w.bit != 0
}

// Len is the number of words in the set.
func (w Words) Len() int { return len(w.set) }

// All returns the words of the set, for tests and tools.
func (w Words) All() map[string]bool { return w.set }

func (w *Words) add(key string) {
	if w.set == nil {
		w.set = map[string]bool{}
	}
	w.set[key] = true
}

// ClassOf returns the class of a folded word (a token's Key).
func (lx *Lexicon) ClassOf(key string) Class { return lx.classes[key] }

// buildClasses gives every set of folded words its bit and records each
// word's class.
func (lx *Lexicon) buildClasses() error {
	lx.classes = map[string]Class{}
	sets := append([]*Words{&lx.Given, &lx.Stop, &lx.OrgNouns, &lx.LocNouns, &lx.NotNames, &lx.Speakers, &lx.Calendar.DayParts, &lx.Calendar.Names}, lx.Cues.sets()...)
	bit := firstListBit
	for _, w := range sets {
		if bit == 0 {
			return fmt.Errorf("lexicon: more word lists than Class has bits")
		}
		w.bit = bit
		for k := range w.set {
			lx.classes[k] |= bit
		}
		bit <<= 1
	}
	c, cal := lx.classes, &lx.Calendar
	mark(c, ClassSpeech, lx.Speech)
	mark(c, ClassTrigger, lx.Patterns)
	mark(c, ClassRoleStart, lx.roles)
	mark(c, ClassRoleStart, lx.rolePre)
	mark(c, ClassGazStart, lx.gaz)
	mark(c, ClassGazStart, lx.gazPre)
	mark(c, ClassCalendar, cal.DayParts.set)
	mark(c, ClassCalendar, cal.Weekdays)
	mark(c, ClassCalendar, cal.Months)
	mark(c, ClassCalendar, cal.RelativeDays)
	return nil
}

// mark adds class c to the classes of every key of m.
func mark[V any](classes map[string]Class, c Class, m map[string]V) {
	for k := range m {
		classes[k] |= c
	}
}
