package postgres

import "github.com/tidings-news/tidings/services/sink/store"

// Retries is how many batches st, a *Postgres, wrote again after a
// conflict with another writer.
func Retries(st store.Store) int64 { return st.(*Postgres).retries.Load() }
