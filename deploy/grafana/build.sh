#!/usr/bin/env bash
# Builds a Grafana server (backend only: the HTTP API, provisioning, the
# Prometheus datasource; no web UI assets) from the Go module proxy, for
# `make grafana-check`, where no Grafana image can be pulled and Debian has
# no package. The newest Grafana the module proxy serves here is main of
# 2023-06-09 (10.1 pre-release); later pseudo-versions answer 403.
#
#   deploy/grafana/build.sh OUT_DIR     -> OUT_DIR/grafana, OUT_DIR/grafana-home
#
# About 550 MB of modules and 3 GB of module and build cache; ~6 minutes on
# 2 cores. Grafana's wire_gen.go is not in the module, so wire generates it
# (wire v0.7.0 with an x/tools that Go 1.26's go/types accepts).
set -euo pipefail
out=$(mkdir -p "$1" && cd "$1" && pwd)
version=${GRAFANA_VERSION:-v1.9.2-0.20230609164553-81d85ce8028d}
export GOWORK=off GOFLAGS=-mod=mod CGO_ENABLED=${CGO_ENABLED:-1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== grafana $version: download"
(cd "$work" && go mod init probe >/dev/null 2>&1 && go mod download -json "github.com/grafana/grafana@$version" > mod.json)
src=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["Dir"])' "$work/mod.json")
rm -rf "$out/grafana-home" && cp -r "$src" "$out/grafana-home" && chmod -R u+w "$out/grafana-home"

echo "== wire"
mkdir "$work/wire" && (cd "$work/wire" && go mod init wiretool >/dev/null 2>&1 &&
  go get github.com/google/wire/cmd/wire@v0.7.0 golang.org/x/tools@v0.52.0 >/dev/null 2>&1 &&
  go build -o "$work/wire-bin" github.com/google/wire/cmd/wire)
cd "$out/grafana-home"
go mod download
"$work/wire-bin" gen -tags oss ./pkg/server >/dev/null

echo "== build"
go build -o "$out/grafana" -ldflags "-X main.version=10.1.0-pre+${version##*-}" ./pkg/cmd/grafana
echo "built $out/grafana (home $out/grafana-home)"
