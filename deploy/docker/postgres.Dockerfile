# PostgreSQL 15 for the CI override (docker-compose.ci.yml), built FROM scratch
# from Debian's postgresql-15 package (apt-get install postgresql-15) where
# postgres:17-alpine cannot be pulled. `make images-ci` stages the binaries,
# the share and lib folders, the time zones, /bin/sh (initdb runs the server
# through popen) and every library `ldd` lists into bin/image/postgres/.
FROM scratch
LABEL org.opencontainers.image.title="tidings-postgres-ci" \
      org.opencontainers.image.description="Debian's PostgreSQL 15 in a scratch image, for CI where no image can be pulled" \
      org.opencontainers.image.source="https://github.com/tidings-news/tidings"
COPY bin/image/passwd bin/image/group /etc/
COPY bin/image/postgres/root/ /
COPY deploy/docker/postgres/entrypoint.sh /entrypoint.sh
COPY --chown=65532:65532 bin/image/empty/ /var/lib/postgresql/data/
COPY --chown=65532:65532 bin/image/empty/ /tmp/
USER 65532:65532
ENV PGDATA=/var/lib/postgresql/data
EXPOSE 5432
STOPSIGNAL SIGINT
HEALTHCHECK --interval=5s --timeout=3s --retries=10 CMD ["/usr/lib/postgresql/15/bin/pg_isready", "-h", "127.0.0.1", "-q"]
ENTRYPOINT ["/entrypoint.sh"]
