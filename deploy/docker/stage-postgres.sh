#!/bin/sh
# Stages Debian's PostgreSQL 15 (and /bin/sh) with every library ldd lists
# into $1 (a root folder) for deploy/docker/postgres.Dockerfile.
set -eu
root=$1
rm -rf "$root" && mkdir -p "$root/bin" "$root/usr/lib/postgresql/15/bin" "$root/usr/share/postgresql" "$root/usr/share"
for b in postgres initdb pg_isready; do cp /usr/lib/postgresql/15/bin/$b "$root/usr/lib/postgresql/15/bin/"; done
mkdir -p "$root/usr/lib/postgresql/15/lib"
# Every module but the LLVM JIT (libLLVM alone is over 100 MB; jit=off).
for f in /usr/lib/postgresql/15/lib/*.so; do
	case $f in */llvmjit*) ;; *) cp "$f" "$root/usr/lib/postgresql/15/lib/" ;; esac
done
cp -a /usr/share/postgresql/15 "$root/usr/share/postgresql/"
cp -a /usr/share/zoneinfo "$root/usr/share/"
cp /bin/dash "$root/bin/sh"
for f in "$root"/usr/lib/postgresql/15/bin/* /bin/dash "$root"/usr/lib/postgresql/15/lib/*.so; do
	ldd "$f" 2>/dev/null | awk '/=> \// {print $3} /^\t\/lib/ {print $1}'
done | sort -u | while read -r lib; do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done
