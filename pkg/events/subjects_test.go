package events

import (
	"slices"
	"strings"
	"testing"
)

func TestAdvisorySubject(t *testing.T) {
	if got, want := AdvisorySubject("TIDINGS_DOCUMENTS", "parser"), "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.TIDINGS_DOCUMENTS.parser"; got != want {
		t.Errorf("AdvisorySubject = %q, want %q", got, want)
	}
	// Every consuming stage's give-ups are captured by the advisories stream.
	advisories := streamSpec(t, StreamAdvisories)
	for _, c := range Consumers() {
		subj := AdvisorySubject(c.Stream, c.Durable)
		if !slices.Contains(advisories.Subjects, subj) {
			t.Errorf("consumer %s: advisory %s not captured by %s", c.Durable, subj, StreamAdvisories)
		}
	}
}

func TestDLQSubject(t *testing.T) {
	if got, want := DLQSubject(StageParser), "tidings.dlq.parser"; got != want {
		t.Errorf("DLQSubject = %q, want %q", got, want)
	}
	dlq := streamSpec(t, StreamDLQ)
	if !strings.HasSuffix(dlq.Subjects[0], ">") || !strings.HasPrefix(DLQSubject(StageSink), strings.TrimSuffix(dlq.Subjects[0], ">")) {
		t.Errorf("DLQ stream %v does not capture %s", dlq.Subjects, DLQSubject(StageSink))
	}
}

func streamSpec(t *testing.T, name string) StreamSpec {
	t.Helper()
	for _, s := range Streams() {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no stream %s", name)
	return StreamSpec{}
}

func TestTopologyIsConsistent(t *testing.T) {
	streams := map[string]StreamSpec{}
	var subjects []string
	for _, s := range Streams() {
		if _, dup := streams[s.Name]; dup {
			t.Errorf("stream %s listed twice", s.Name)
		}
		streams[s.Name] = s
		for _, subj := range s.Subjects {
			if slices.Contains(subjects, subj) {
				t.Errorf("subject %s in two streams", subj)
			}
			subjects = append(subjects, subj)
		}
		if s.MaxAge <= 0 || s.Duplicates <= 0 || s.Duplicates > s.MaxAge {
			t.Errorf("stream %s: MaxAge %v, Duplicates %v", s.Name, s.MaxAge, s.Duplicates)
		}
	}
	for _, c := range Consumers() {
		s, ok := streams[c.Stream]
		if !ok {
			t.Errorf("consumer %s reads unknown stream %s", c.Durable, c.Stream)
			continue
		}
		if !slices.Contains(s.Subjects, c.FilterSubject) {
			t.Errorf("consumer %s filters on %s, not a subject of %s", c.Durable, c.FilterSubject, s.Name)
		}
		if c.MaxDeliver < 1 || c.AckWait <= 0 || c.MaxAckPending < 1 {
			t.Errorf("consumer %s: MaxDeliver %d, AckWait %v, MaxAckPending %d", c.Durable, c.MaxDeliver, c.AckWait, c.MaxAckPending)
		}
	}
}

// The topology is built anew on every call: a caller changing what it got
// does not change what the next caller gets.
func TestTopologyCannotBeChangedByACaller(t *testing.T) {
	s := Streams()
	s[0].Subjects[0] = "changed"
	last := len(s) - 1
	s[last].Subjects = nil
	c := ParserConsumer()
	c.MaxDeliver = 99
	if again := Streams(); again[0].Subjects[0] != SubjectDocuments || again[last].Name != StreamAdvisories || len(again[last].Subjects) != len(Consumers()) {
		t.Errorf("Streams changed by a caller: %+v", again)
	}
	if ParserConsumer().MaxDeliver != 5 {
		t.Error("ParserConsumer changed by a caller")
	}
}
