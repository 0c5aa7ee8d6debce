package stage

import (
	"runtime/debug"
	"sync"
)

// gcWhileLarge is the collector's target (GOGC) while a payload of
// TightGCPayload bytes or more is in hand: the heap may outgrow what is live
// by a tenth instead of doubling. A large document's copies are each as
// large as the document, so at GOGC 100 the garbage of one hop doubled the
// heap the next hop grew from. At 25 a 20 MB text's peak in tidings up was
// 79-84 MB over idle, at 10 65-73 MB, for some 0.1-0.5 s more CPU
// (TestALargeDocumentCostsAFewTimesItsSize, 2026-12-07, load 8-9).
const gcWhileLarge = 10

// TightGCPayload is the payload size from which a stage's handling runs
// the collector at gcWhileLarge (HandlingLarge). The work on a document
// allocates many times its size (extraction's tokens, features and spans
// for a 1 MB text), which at GOGC 100 the heap doubled before collecting:
// a 1 MB text took 87 MB above idle in tidings up, some 90 times itself.
const TightGCPayload = 256 << 10

// largeWork counts the large payloads in hand in this process. The
// collector's target is the process's, shared by every stage of tidings
// up, so this count is too: the first large payload lowers it, the last
// one done restores it.
var largeWork struct {
	sync.Mutex
	n    int
	prev int
}

// HandlingLarge lowers the collector's target to gcWhileLarge (unless it is
// already lower or off) until done is called, once. Call it around work on
// a payload of TightGCPayload bytes or more (InHand does).
func HandlingLarge() (done func()) {
	largeWork.Lock()
	if largeWork.n == 0 {
		largeWork.prev = debug.SetGCPercent(gcWhileLarge)
		if largeWork.prev < gcWhileLarge { // lower already, or off (-1)
			debug.SetGCPercent(largeWork.prev)
		}
	}
	largeWork.n++
	largeWork.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			largeWork.Lock()
			if largeWork.n--; largeWork.n == 0 {
				debug.SetGCPercent(largeWork.prev)
			}
			largeWork.Unlock()
		})
	}
}

// InHand applies the memory policy to a payload of n bytes while it is
// handled, until done is called: the collector runs tight from
// TightGCPayload (HandlingLarge), and from LargePayload the memory the
// handling took (the payload, its decoded and re-encoded copies, all
// garbage once the outputs are stored) goes back to the system when done,
// not minutes later: the stages of tidings up otherwise keep the heap one
// grew for a large document while the next grows its own.
func InHand(n int) (done func()) {
	var tight func()
	if n >= TightGCPayload {
		tight = HandlingLarge()
	}
	return func() {
		if tight != nil {
			tight()
		}
		if n >= LargePayload {
			debug.FreeOSMemory()
		}
	}
}

// makeRoomFor gives free memory back to the system before a payload of
// size bytes is read in, from LargePayload: each hop's payload is larger
// than the last (20, 26.5, 29 MB for a 20 MB text), so the memory the hop
// before had just freed could not hold it and the heap grew by it (a 20 MB
// text peaked at 4.8-5.3 times its size above idle in tidings up, 4.1-4.5
// after).
func makeRoomFor(size uint64) {
	if size >= LargePayload {
		debug.FreeOSMemory()
	}
}
