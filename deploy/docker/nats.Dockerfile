# NATS server with JetStream, built FROM scratch from a static binary compiled
# from the github.com/nats-io/nats-server/v2 module (no image is pulled):
#   make bin/nats-server images   (GOBIN=bin go install github.com/nats-io/nats-server/v2@VERSION)
# Build context = the repository root. The configurations are baked in at
# /etc/nats/: nats.conf (a single node, the default), cluster.conf (a node of
# the three-node cluster: --config /etc/nats/cluster.conf with
# NATS_SERVER_NAME set) and the users.conf both include; docker-compose
# usually mounts deploy/nats/ over them.
FROM scratch
ARG VERSION=dev
LABEL org.opencontainers.image.title="tidings-nats" \
      org.opencontainers.image.description="NATS server with JetStream for Tidings, built from the nats-server/v2 module" \
      org.opencontainers.image.source="https://github.com/nats-io/nats-server" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}"
COPY bin/image/passwd bin/image/group /etc/
COPY bin/httpcheck /httpcheck
COPY bin/nats-server /nats-server
COPY deploy/nats/nats.conf deploy/nats/users.conf deploy/nats/cluster.conf /etc/nats/
COPY --chown=65532:65532 bin/image/empty/ /data/
USER 65532:65532
EXPOSE 4222 8222
HEALTHCHECK --interval=5s --timeout=3s --start-period=5s --retries=5 CMD ["/httpcheck", "http://127.0.0.1:8222/healthz"]
ENTRYPOINT ["/nats-server"]
CMD ["--config", "/etc/nats/nats.conf"]
