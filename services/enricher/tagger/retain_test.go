package tagger_test

import (
	"runtime"
	"testing"
	"time"
	"unsafe"

	"github.com/tidings-news/tidings/services/enricher/tagger"
)

// TestTaggerKeepsNoDocumentAlive: the word cache outlives every document, so
// it must not keep one's text (a token's text is part of its body: a 20 MB
// body stayed in memory after its article was stored).
func TestTaggerKeepsNoDocumentAlive(t *testing.T) {
	tg := embedded(t)
	freed := make(chan struct{})
	func() {
		b := []byte("Quentorra Vilmasky met the Zarvinian envoy in Pellisford on Tuesday, officials said.")
		runtime.SetFinalizer(&b[0], func(*byte) { close(freed) })
		text := unsafe.String(&b[0], len(b))
		if got := tg.Tag([][]tagger.Token{tagger.Tokenize(text, 0)}); len(got) != 1 {
			t.Fatalf("%d sentences tagged, want 1", len(got))
		}
	}()
	for range 20 {
		runtime.GC()
		select {
		case <-freed:
			runtime.KeepAlive(tg)
			return
		case <-time.After(10 * time.Millisecond):
		}
	}
	runtime.KeepAlive(tg)
	t.Fatal("the tagged text is still reachable after tagging: the word cache keeps it")
}
