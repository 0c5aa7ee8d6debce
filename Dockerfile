# The Tidings images, each FROM scratch (no image is pulled) around a static
# binary `make build` leaves in bin/; build context = the repository root.
# One target an image: tidings, the all-in-one, and fetcher, parser,
# enricher and sink, which take the build arguments STAGE (the target's
# name) and PORT (its HTTP port: 8081 to 8084 in that order). The classic
# builder builds the stages above a target too, so every target needs the
# files of tidings (bin/image/tidings: make bin/image/tidings). `make images`
# builds them all; one by hand:
#   docker build --target parser --build-arg STAGE=parser --build-arg PORT=8082 -t tidings/parser .
#   docker build --target tidings -t tidings/tidings .

# base: what every image holds: the labels, the users and CA certificates,
# the unprivileged runtime user.
FROM scratch AS base
ARG VERSION=dev
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.source="https://github.com/tidings-news/tidings" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}"
COPY bin/image/passwd bin/image/group /etc/
COPY bin/image/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
USER 65532:65532

# tidings: `tidings up` runs the whole pipeline on an embedded JetStream
# server with SQLite under /data (inbox at /data/inbox). The binary is
# bin/image/tidings, which `make images` packs from the static bin/tidings of
# `make build`: a small stub followed by the binary compressed with zstd
# (deploy/selfextract), which at start decompresses it into memory (memfd)
# and execs it in place, same PID, argv and signals. It needs /proc and
# executable memfds (vm.memfd_noexec 0 or 1).
FROM base AS tidings
LABEL org.opencontainers.image.title="tidings" \
      org.opencontainers.image.description="Tidings all-in-one: fetcher, parser, enricher and sink on embedded JetStream"
COPY bin/image/tidings /usr/local/bin/tidings
COPY --chown=65532:65532 bin/image/empty/ /data/
WORKDIR /data
ENV TIDINGS_DATA_DIR=/data TIDINGS_HTTP_ADDR=0.0.0.0:8080 TIDINGS_NATS_LISTEN=0.0.0.0:4222 TIDINGS_LOG_FORMAT=json
EXPOSE 8080 4222
VOLUME ["/data"]
HEALTHCHECK --interval=10s --timeout=4s --start-period=20s --retries=3 CMD ["/usr/local/bin/tidings", "healthcheck", "--http-addr", "127.0.0.1:8080"]
ENTRYPOINT ["/usr/local/bin/tidings"]
CMD ["up"]

# stage: a pipeline stage's image: its binary bin/$STAGE, serving HTTP
# (metrics, health) on $PORT. The targets below add what differs.
FROM base AS stage
ARG STAGE
ARG PORT
LABEL org.opencontainers.image.title="tidings-${STAGE}"
COPY bin/${STAGE} /usr/local/bin/${STAGE}
ENV TIDINGS_HTTP_ADDR=:${PORT} TIDINGS_LOG_FORMAT=json
EXPOSE ${PORT}

FROM stage AS fetcher
LABEL org.opencontainers.image.description="Tidings fetcher: watches an inbox folder and publishes documents"
# An empty folder owned by the runtime user: a named volume mounted here inherits it.
COPY --chown=65532:65532 bin/image/empty/ /inbox/
ENV TIDINGS_INBOX=/inbox
HEALTHCHECK --interval=10s --timeout=4s --start-period=20s --retries=3 CMD ["/usr/local/bin/fetcher", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/fetcher"]

FROM stage AS parser
LABEL org.opencontainers.image.description="Tidings parser: turns documents into articles"
HEALTHCHECK --interval=10s --timeout=4s --start-period=20s --retries=3 CMD ["/usr/local/bin/parser", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/parser"]

FROM stage AS enricher
LABEL org.opencontainers.image.description="Tidings enricher: extracts entities, quotes and CAMEO events"
HEALTHCHECK --interval=10s --timeout=4s --start-period=20s --retries=3 CMD ["/usr/local/bin/enricher", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/enricher"]

FROM stage AS sink
LABEL org.opencontainers.image.description="Tidings sink: stores enriched articles in SQLite or PostgreSQL"
# An empty folder owned by the runtime user for a SQLite store (sqlite:///data/tidings.db).
COPY --chown=65532:65532 bin/image/empty/ /data/
HEALTHCHECK --interval=10s --timeout=4s --start-period=20s --retries=3 CMD ["/usr/local/bin/sink", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/sink"]
