package sqlite

import "embed"

// migrations holds the SQLite schema, one file per version.
//
//go:embed migrations/*.sql
var migrations embed.FS
