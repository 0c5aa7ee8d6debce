package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"

	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/webhook"
)

// Subscriptions is what /api/v1/subscriptions serves (webhook.Manager).
type Subscriptions interface {
	Create(ctx context.Context, r webhook.Request) (webhook.View, error)
	List(ctx context.Context) ([]webhook.View, error)
	Get(ctx context.Context, id string) (webhook.View, error)
	Delete(ctx context.Context, id string) error
}

// maxSubscriptionBody bounds a subscription request.
const maxSubscriptionBody = 16 << 10

// noSubscriptions answers 503 when the server delivers no webhooks.
func (s *server) noSubscriptions(w http.ResponseWriter, r *http.Request) bool {
	if s.subs != nil {
		return false
	}
	writeError(w, r, http.StatusServiceUnavailable, "this server delivers no webhooks")
	return true
}

func (s *server) createSubscription(w http.ResponseWriter, r *http.Request) {
	if badRequest(w, r, newParams(r)) || s.noSubscriptions(w, r) {
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			writeError(w, r, http.StatusUnsupportedMediaType, "send the subscription as application/json")
			return
		}
	}
	var req webhook.Request
	dec := json.NewDecoder(io.LimitReader(r.Body, maxSubscriptionBody+1))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeError(w, r, http.StatusBadRequest, "the body is not a subscription {\"subject\", \"url\", \"secret\", \"name\"}: %s", events.Clip(err.Error()))
		return
	}
	if dec.More() {
		writeError(w, r, http.StatusBadRequest, "the body holds more than one JSON value")
		return
	}
	v, err := s.subs.Create(r.Context(), req)
	var invalid *webhook.InvalidError
	if errors.As(err, &invalid) {
		writeError(w, r, http.StatusBadRequest, "%v", invalid)
		return
	}
	if errors.Is(err, webhook.ErrConsumer) {
		s.log.Error("webhook subscription not created", zap.Error(err))
		writeError(w, r, http.StatusServiceUnavailable, "%v; the server's log says why", webhook.ErrConsumer)
		return
	}
	if err != nil {
		s.storeError(w, r, err, "")
		return
	}
	w.Header().Set("Location", Prefix+"/subscriptions/"+v.ID)
	writeJSON(w, http.StatusCreated, v)
}

func (s *server) listSubscriptions(w http.ResponseWriter, r *http.Request) {
	if badRequest(w, r, newParams(r)) || s.noSubscriptions(w, r) {
		return
	}
	subs, err := s.subs.List(r.Context())
	if err != nil {
		s.storeError(w, r, err, "")
		return
	}
	writeJSON(w, http.StatusOK, newList(subs, ""))
}

func (s *server) getSubscription(w http.ResponseWriter, r *http.Request) {
	if badRequest(w, r, newParams(r)) || s.noSubscriptions(w, r) {
		return
	}
	id := r.PathValue("id")
	v, err := s.subs.Get(r.Context(), id)
	if err != nil {
		s.storeError(w, r, err, "subscription "+id)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *server) deleteSubscription(w http.ResponseWriter, r *http.Request) {
	if badRequest(w, r, newParams(r)) || s.noSubscriptions(w, r) {
		return
	}
	id := r.PathValue("id")
	if err := s.subs.Delete(r.Context(), id); err != nil {
		s.storeError(w, r, err, "subscription "+id)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
