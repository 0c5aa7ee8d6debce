package postgres

import "embed"

// migrations holds the PostgreSQL schema, one file per version.
//
//go:embed migrations/*.sql
var migrations embed.FS
