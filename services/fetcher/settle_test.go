package fetcher

import (
	"testing"
	"time"
)

func TestSettler(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	s := newSettler(time.Second)
	v1 := observation{size: 10, mtime: t0}
	s.observe("a.txt", v1, t0)
	if s.ready("a.txt", t0.Add(999*time.Millisecond)) {
		t.Fatal("ready before the settle time")
	}
	// It grew: settling starts again.
	v2 := observation{size: 20, mtime: t0.Add(500 * time.Millisecond)}
	s.observe("a.txt", v2, t0.Add(500*time.Millisecond))
	if s.ready("a.txt", t0.Add(1200*time.Millisecond)) {
		t.Fatal("ready although it changed 700ms ago")
	}
	s.observe("a.txt", v2, t0.Add(1200*time.Millisecond)) // unchanged: keeps its start
	if !s.ready("a.txt", t0.Add(1500*time.Millisecond)) {
		t.Fatal("not ready 1s after its last change")
	}
	if at, ok := s.next(nil); !ok || !at.Equal(t0.Add(1500*time.Millisecond)) {
		t.Errorf("next = %v %v", at, ok)
	}
	s.holdBack("a.txt", t0.Add(5*time.Second))
	if s.ready("a.txt", t0.Add(4*time.Second)) || !s.ready("a.txt", t0.Add(5*time.Second)) {
		t.Error("hold back not honoured")
	}
	s.restart("a.txt", v1, t0.Add(6*time.Second))
	if s.ready("a.txt", t0.Add(6500*time.Millisecond)) {
		t.Error("ready right after a restart")
	}
	s.retain(map[string]bool{})
	if _, ok := s.next(nil); ok || s.ready("a.txt", t0.Add(time.Hour)) {
		t.Error("a file that left is still tracked")
	}
}
