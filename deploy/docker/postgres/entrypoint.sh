#!/bin/sh
# Entry point of the CI PostgreSQL image (deploy/docker/postgres.Dockerfile):
# the subset of the official image's behaviour the compose stack uses.
# POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB create the role and the
# database on first start; PGDATA holds the cluster.
set -eu
: "${PGDATA:=/var/lib/postgresql/data}"
: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}"
BIN=/usr/lib/postgresql/15/bin
if [ ! -s "$PGDATA/PG_VERSION" ]; then
	printf '%s\n' "$POSTGRES_PASSWORD" > /tmp/pwfile
	"$BIN/initdb" -D "$PGDATA" -U "$POSTGRES_USER" --pwfile=/tmp/pwfile \
		--auth-local=trust --auth-host=scram-sha-256 --no-locale -E UTF8 >/dev/null
	: > /tmp/pwfile
	printf 'host all all all scram-sha-256\n' >> "$PGDATA/pg_hba.conf"
	if [ "$POSTGRES_DB" != postgres ]; then
		printf 'CREATE DATABASE "%s";\n' "$POSTGRES_DB" | "$BIN/postgres" --single -D "$PGDATA" -j postgres >/dev/null
	fi
fi
exec "$BIN/postgres" -D "$PGDATA" -c listen_addresses='*' -c unix_socket_directories=/tmp -c jit=off "$@"
