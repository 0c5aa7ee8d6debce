package webhook

import (
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// outageEnv runs TestFiveMinuteOutage; `make test` sets it and runs that
// test beside the others (it is idle most of its 5 minutes).
const outageEnv = "TIDINGS_WEBHOOK_OUTAGE"

// A subscriber down for five minutes — answering 503 for the first half,
// refusing connections for the second — while events are published every
// 30 s receives every one afterwards, in order, once, each validly signed.
// The manager runs with its defaults (backoff 500 ms doubling to 30 s,
// retry budget 1 h, ack wait 30 s); the test takes 5 minutes and the few
// seconds until the backoff's next attempt (5 min 4 s measured).
func TestFiveMinuteOutage(t *testing.T) {
	if os.Getenv(outageEnv) == "" {
		t.Skipf("takes 5 minutes; `make test` runs it with %s=1 beside the other packages", outageEnv)
	}
	const secret = "0123456789abcdef"
	e := newEnv(t, Config{Reconcile: 2 * time.Second}) // the defaults
	var mu sync.Mutex
	var got []delivery
	var attempts int
	down := true
	handler := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		d := readDelivery(req, secret)
		mu.Lock()
		defer mu.Unlock()
		attempts++
		if down {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		got = append(got, d)
	})
	srv, addr := serve(t, "127.0.0.1:0", handler)
	v, err := e.m.Create(t.Context(), Request{Name: "outage", Subject: "tidings.events.v1.>", URL: "http://" + addr + "/hook", Secret: secret})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var want []string
	for i := range 10 { // 10 batches over the 5 minutes
		want = append(want, e.publish(t, []string{"19", "04"}[i%2], 3)...)
		if i == 5 { // half-way: nothing listens any more
			_ = srv.Close()
		}
		time.Sleep(30 * time.Second)
	}
	mu.Lock()
	failed := attempts
	down = false
	mu.Unlock()
	srv, _ = serve(t, addr, handler)
	defer srv.Close()
	upAt := time.Now()
	t.Logf("down for %s, %d attempts answered 503; %d messages published meanwhile", time.Since(start).Round(time.Second), failed, len(want))
	stagetest.WaitFor(t, "every message after the outage", 2*time.Minute, func() bool { mu.Lock(); defer mu.Unlock(); return len(got) >= len(want) })
	time.Sleep(time.Second) // a duplicate would arrive meanwhile
	t.Logf("all %d delivered %s after the receiver came back", len(want), time.Since(upAt).Round(time.Second))
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(keys(got), " ") != strings.Join(want, " ") {
		t.Fatalf("delivered\n %v\nwant, in order and once each,\n %v", keys(got), want)
	}
	for _, d := range got {
		if !d.ValidSignature || d.Subscription != v.ID {
			t.Errorf("delivery %+v", d)
		}
	}
	if failed == 0 {
		t.Error("no attempt reached the receiver while it answered 503")
	}
	if st, _ := e.m.Get(t.Context(), v.ID); st.Stats.DeadLettered != 0 || st.Stats.Delivered != int64(len(want)) {
		t.Errorf("stats %+v", st.Stats)
	}
}

// serve serves h on addr until the test ends, returning the server and its
// address.
func serve(t *testing.T, addr string, h http.Handler) (*http.Server, string) {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return srv, ln.Addr().String()
}
