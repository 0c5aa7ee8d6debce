package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Opener opens the store a URL names (the whole URL, scheme included).
type Opener func(ctx context.Context, url string) (Store, error)

// drivers holds the openers by scheme; the store packages register
// themselves (kine's driver registry).
var (
	driversMu sync.RWMutex
	drivers   = map[string]Opener{}
)

// Register makes a store available under scheme (lower case, such as
// "postgres"); a store package calls it from its init, and a program
// imports the packages of the stores it offers. Registering a scheme twice
// panics, as database/sql's Register does.
func Register(scheme string, open Opener) {
	driversMu.Lock()
	defer driversMu.Unlock()
	if _, dup := drivers[scheme]; dup {
		panic("store: Register called twice for scheme " + scheme)
	}
	drivers[scheme] = open
}

// Schemes lists the registered schemes, sorted.
func Schemes() []string {
	driversMu.RLock()
	defer driversMu.RUnlock()
	out := make([]string, 0, len(drivers))
	for s := range drivers {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// Open opens the store a URL names by its scheme:
//
//	sqlite:///abs/path.db   an absolute path (package sqlite)
//	sqlite://rel/path.db    a path relative to the working directory
//	path/to/file.db         a bare path, a SQLite file
//	postgres://user:pass@host:5432/db?sslmode=disable   PostgreSQL (package postgres; or postgresql://)
//
// A scheme no imported store package registered is an error that names the
// schemes understood.
func Open(ctx context.Context, url string) (Store, error) {
	scheme, err := Scheme(url)
	if err != nil {
		return nil, err
	}
	if !strings.Contains(url, "://") {
		url = scheme + "://" + url
	}
	driversMu.RLock()
	open, ok := drivers[scheme]
	driversMu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("store url %q: unknown scheme %q (want a file path or one of %s)", url, scheme, strings.Join(Schemes(), ", "))
	}
	return open(ctx, url)
}

// Scheme is the scheme of a store URL, lower case; a bare path is a SQLite
// file ("sqlite").
func Scheme(url string) (string, error) {
	if strings.TrimSpace(url) == "" {
		return "", fmt.Errorf("store url is empty: want sqlite:///abs/path.db, sqlite://rel/path.db, a file path or postgres://…")
	}
	scheme, _, ok := strings.Cut(url, "://")
	if !ok {
		return "sqlite", nil
	}
	return strings.ToLower(scheme), nil
}
