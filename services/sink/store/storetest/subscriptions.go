package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tidings-news/tidings/services/sink/store"
)

// testSubscriptions: webhook subscriptions are stored, listed oldest first,
// read back whole, deleted once; unknown ids are ErrNotFound; an id is
// stored once.
func testSubscriptions(t *testing.T, st store.Store) {
	ctx := context.Background()
	if subs, err := st.ListSubscriptions(ctx); err != nil || len(subs) != 0 {
		t.Fatalf("empty store: %v, %v", subs, err)
	}
	at := time.Date(2025, 3, 12, 9, 30, 0, 0, time.UTC)
	a := store.Subscription{ID: "sub-a", Name: "fights", Subject: "tidings.events.v1.19.>", URL: "https://hooks.example.org/a", Secret: "0123456789abcdef", CreatedAt: at}
	b := store.Subscription{ID: "sub-b", Name: "quotes", Subject: "tidings.quotes.v1", URL: "https://hooks.example.org/b?x=1", Secret: "fedcba9876543210", CreatedAt: at.Add(time.Second)}
	for _, s := range []store.Subscription{b, a} {
		if err := st.CreateSubscription(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.CreateSubscription(ctx, a); err == nil {
		t.Error("the same id stored twice")
	}
	subs, err := st.ListSubscriptions(ctx)
	if err != nil || len(subs) != 2 || !same(subs[0], a) || !same(subs[1], b) {
		t.Fatalf("list: %+v, %v; want a then b", subs, err)
	}
	if got, err := st.GetSubscription(ctx, "sub-b"); err != nil || !same(got, b) {
		t.Errorf("get b: %+v, %v", got, err)
	}
	if err := st.DeleteSubscription(ctx, "sub-a"); err != nil {
		t.Fatal(err)
	}
	for _, err := range []error{st.DeleteSubscription(ctx, "sub-a"), func() error { _, err := st.GetSubscription(ctx, "sub-a"); return err }()} {
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleted subscription: %v, want ErrNotFound", err)
		}
	}
	if subs, _ := st.ListSubscriptions(ctx); len(subs) != 1 || subs[0].ID != "sub-b" {
		t.Errorf("after delete: %+v", subs)
	}
}

func same(a, b store.Subscription) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Subject == b.Subject && a.URL == b.URL && a.Secret == b.Secret && a.CreatedAt.Equal(b.CreatedAt)
}
