package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestCheck(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	if err := check(srv.URL+"/healthz", time.Second); err != nil {
		t.Errorf("healthy server: %v", err)
	}
	if err := check(srv.URL+"/other", time.Second); err == nil {
		t.Error("503 passed the check")
	}
	if err := check("http://127.0.0.1:1/", time.Second); err == nil {
		t.Error("closed port passed the check")
	}
}
