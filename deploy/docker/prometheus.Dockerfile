# Prometheus for the CI override (docker-compose.ci.yml), built FROM scratch
# around Debian's /usr/bin/prometheus (apt-get install prometheus): the binary
# is dynamically linked against glibc only (`ldd /usr/bin/prometheus`), so the
# loader and libc are copied beside it. `make images-ci` stages the files in
# bin/image/prometheus/. Upstream deployments use prom/prometheus instead.
FROM scratch
LABEL org.opencontainers.image.title="tidings-prometheus-ci" \
      org.opencontainers.image.description="Debian's Prometheus binary in a scratch image, for CI where no image can be pulled" \
      org.opencontainers.image.source="https://github.com/tidings-news/tidings"
COPY bin/image/passwd bin/image/group /etc/
COPY bin/httpcheck /httpcheck
COPY bin/image/prometheus/lib/ /lib/x86_64-linux-gnu/
COPY bin/image/prometheus/lib64/ /lib64/
COPY bin/image/prometheus/prometheus /bin/prometheus
COPY --chown=65532:65532 bin/image/empty/ /prometheus/
USER 65532:65532
EXPOSE 9090
HEALTHCHECK --interval=5s --timeout=3s --start-period=5s --retries=5 CMD ["/httpcheck", "http://127.0.0.1:9090/-/ready"]
ENTRYPOINT ["/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus", "--web.listen-address=:9090"]
