package store

// PostgresRetries is how many batches st, a *Postgres, wrote again after
// a conflict with another writer.
func PostgresRetries(st Store) int64 { return st.(*Postgres).retries.Load() }
