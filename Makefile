# Tidings: build, test and measure every module of the go.work workspace.
# `go test ./...` does not work at a workspace root without a module, so the
# targets list the modules.

MODULES   := $(shell go list -f '{{.Dir}}' -m)
PKGS      := $(addsuffix /...,$(MODULES))
BIN       := bin
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -s -w -X main.version=$(VERSION) -X github.com/tidings-news/tidings/pkg/stage.Version=$(VERSION)
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
SHARED    ?= ../shared
DEVDATA   ?= ../devdata

.PHONY: all build test test-short lint fmt vet staticcheck bench eval eval-dev extract-speed train clean

all: build

## build: every binary into ./bin (static, CGO off)
build:
	@mkdir -p $(BIN)
	CGO_ENABLED=0 go build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)/tidings ./cmd/tidings
	CGO_ENABLED=0 go build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)/fetcher ./services/fetcher/cmd/fetcher
	CGO_ENABLED=0 go build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)/parser ./services/parser/cmd/parser
	CGO_ENABLED=0 go build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)/enricher ./services/enricher/cmd/enricher
	CGO_ENABLED=0 go build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)/sink ./services/sink/cmd/sink

## test: lint, then every test of every module (integration tests included); the webhook
## five-minute-outage test (5 min, idle but for a few POSTs) runs beside them as a process of
## its own, so that it holds none of go test's package slots
test: lint
	@mkdir -p $(BIN); \
	TIDINGS_WEBHOOK_OUTAGE=1 go test -count=1 -timeout 10m -run '^TestFiveMinuteOutage$$' ./services/sink/webhook > $(BIN)/outage-test.log 2>&1 & outage=$$!; \
	go test -count=1 -timeout 15m $(PKGS); rc=$$?; \
	wait $$outage; orc=$$?; echo "== the webhook outage test (beside the others)"; cat $(BIN)/outage-test.log; \
	[ $$rc -eq 0 ] && [ $$orc -eq 0 ]

## test-short: unit tests only (no Docker)
test-short:
	go test -count=1 -short $(PKGS)

## lint: gofmt, go vet and staticcheck must be clean
lint: fmt vet staticcheck

fmt:
	@out=$$(gofmt -l $(MODULES)); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	go vet $(PKGS)

staticcheck:
	go run $(STATICCHECK) $(PKGS)

## bench: benchmarks that print figures (throughput and latency as ratios to baselines)
bench:
	go test -run '^$$' -bench . -count 1 $(PKGS)

## eval: extract the seed articles and score them against the gold annotations, beside prose v3 (a peer Go NLP library)
eval:
	@if [ ! -d "$(SHARED)/corpus/seeds" ]; then echo "eval: $(SHARED)/corpus/seeds not found; skipping"; exit 0; fi; \
	mkdir -p $(BIN) && go run ./cmd/tidings extract $(SHARED)/corpus/seeds/*.txt > $(BIN)/eval.jsonl && \
	echo "== Tidings ($(BIN)/eval.jsonl)" && \
	python3 $(SHARED)/eval/score.py --gold $(SHARED)/corpus/seeds.gold.json --pred $(BIN)/eval.jsonl && \
	TIDINGS_PEER_OUT=$(CURDIR)/$(BIN)/peer.jsonl go test -count=1 -run TestWritePeerRecords ./cmd/tidings/internal/peerbench >/dev/null && \
	echo "== prose v3, entities only ($(BIN)/peer.jsonl)" && \
	python3 $(SHARED)/eval/score.py --gold $(SHARED)/corpus/seeds.gold.json --pred $(BIN)/peer.jsonl | grep '^entity'

## eval-dev: one table of Tidings beside prose v3 on the development corpora (CoNLL-2003 dev and test, PolNeAR dev; built under DEVDATA by $(SHARED)/eval/devsets) and the seeds, with the targets
eval-dev:
	@if [ ! -d "$(DEVDATA)/conll-dev" ]; then echo "eval-dev: $(DEVDATA)/conll-dev not found (build the sets with $(SHARED)/eval/devsets, see its README); skipping"; exit 0; fi; \
	go run ./cmd/tidings/internal/evaldev -devdata $(DEVDATA) -shared $(SHARED)

## extract-speed: GOMAXPROCS=1 tidings extract over 400 generated seed-sized articles, the whole process (wall and CPU time, peak RSS), beside tidings version (start-up) in the same round
extract-speed: build
	@rm -rf $(BIN)/speed && go run ./cmd/tidings/internal/genarticles -n 400 -dir $(BIN)/speed
	@go run ./cmd/tidings/internal/speedrun -bin $(BIN)/tidings -dir $(BIN)/speed -rounds 3

## train: retrain the entity tagger: scored on CoNLL-2003 dev after training on train and the silver set (PolNeAR train with CoreNLP's labels, DEVDATA/polnear-train-silver, written by services/enricher/tagger/silver.py), then trained on those and dev (built under DEVDATA by $(SHARED)/eval/devsets/conll.py) into its embedded model file
train:
	@if [ ! -d "$(DEVDATA)/conll-train" ]; then echo "train: $(DEVDATA)/conll-train not found (build it with $(SHARED)/eval/devsets/conll.py); skipping"; exit 0; fi; \
	cd services/enricher && go run ./cmd/tagger-train -devdata $(abspath $(DEVDATA)) \
	  -gazetteers tagger/gazetteers -clusters tagger/clusters.tsv -final-with-dev -out tagger/model/tagger.bin

clean:
	rm -rf $(BIN)

# ---------------------------------------------------------------------------
# Container images, built FROM scratch from the static binaries of `build`
# (no image is pulled; the tidings image's binary is bin/tidings made
# self-extracting, bin/image/tidings), each a target of the one Dockerfile at
# the root. Build context = the repository root (.dockerignore keeps it to
# bin/ and deploy/nats/).

IMAGE_PREFIX ?= tidings
IMAGE_TAG    ?= latest
NATS_VERSION ?= v2.15.2
STAGE_PORTS  := fetcher:8081 parser:8082 enricher:8083 sink:8084
IMAGE_ARGS    = --build-arg VERSION=$(VERSION) --build-arg REVISION=$(shell git rev-parse --short HEAD 2>/dev/null || echo unknown) \
                --build-arg CREATED=$(shell date -u +%Y-%m-%dT%H:%M:%SZ)

.PHONY: images images-ci image-files e2e chaos bench-cluster grafana-check

## image-files: what every scratch image copies besides its binary
image-files:
	@mkdir -p $(BIN)/image/empty
	cp /etc/ssl/certs/ca-certificates.crt $(BIN)/image/ca-certificates.crt
	printf 'root:x:0:0:root:/:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/:/sbin/nologin\n' > $(BIN)/image/passwd
	printf 'root:x:0:\nnonroot:x:65532:\n' > $(BIN)/image/group

## bin/nats-server: the NATS server from the nats-server/v2 module
$(BIN)/nats-server:
	@mkdir -p $(BIN)
	GOWORK=off GOBIN=$(abspath $(BIN)) CGO_ENABLED=0 go install -trimpath -ldflags '-s -w' github.com/nats-io/nats-server/v2@$(NATS_VERSION)

## bin/httpcheck: the healthcheck probe of the scratch NATS and Prometheus images
$(BIN)/httpcheck: $(wildcard deploy/cmd/httpcheck/*.go)
	@mkdir -p $(BIN)
	CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o $@ ./deploy/cmd/httpcheck

## bin/unpack: the stub of self-extracting binaries (deploy/selfextract)
$(BIN)/unpack: $(wildcard deploy/cmd/unpack/*.go deploy/selfextract/*.go)
	@mkdir -p $(BIN)
	CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o $@ ./deploy/cmd/unpack

## bin/image/tidings: the tidings image's binary, bin/tidings compressed behind bin/unpack (extracted into memory at start)
$(BIN)/image/tidings: build $(BIN)/unpack
	@mkdir -p $(BIN)/image
	go run ./deploy/cmd/pack -stub $(BIN)/unpack -o $@ $(BIN)/tidings

## images: tidings/{fetcher,parser,enricher,sink,tidings,nats}:latest; prepares ./inbox (mode 0777) for the compose stack
images: build image-files $(BIN)/nats-server $(BIN)/httpcheck $(BIN)/image/tidings
	@mkdir -p inbox && chmod 0777 inbox
	@for sp in $(STAGE_PORTS); do s=$${sp%:*}; \
	  docker build -q $(IMAGE_ARGS) --target $$s --build-arg STAGE=$$s --build-arg PORT=$${sp#*:} \
	    -t $(IMAGE_PREFIX)/$$s:$(IMAGE_TAG) . || exit 1; done
	docker build -q $(IMAGE_ARGS) --target tidings -t $(IMAGE_PREFIX)/tidings:$(IMAGE_TAG) .
	docker build -q --build-arg VERSION=$(NATS_VERSION) -f deploy/docker/nats.Dockerfile -t $(IMAGE_PREFIX)/nats:$(IMAGE_TAG) .
	@docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep '^$(IMAGE_PREFIX)/'

## images-ci: images plus scratch Prometheus and PostgreSQL around Debian's binaries (docker-compose.ci.yml)
images-ci: images
	@test -x /usr/bin/prometheus || { echo "images-ci: apt-get install prometheus first"; exit 1; }
	@test -x /usr/lib/postgresql/15/bin/postgres || { echo "images-ci: apt-get install postgresql-15 first"; exit 1; }
	deploy/docker/stage-postgres.sh $(BIN)/image/postgres/root
	docker build -q -f deploy/docker/postgres.Dockerfile -t $(IMAGE_PREFIX)/postgres-ci:$(IMAGE_TAG) .
	@mkdir -p $(BIN)/image/prometheus/lib $(BIN)/image/prometheus/lib64
	cp /usr/bin/prometheus $(BIN)/image/prometheus/prometheus
	cp -L $$(ldd /usr/bin/prometheus | awk '/=>/ {print $$3}') $(BIN)/image/prometheus/lib/
	cp -L $$(ldd /usr/bin/prometheus | awk '/ld-linux/ && !/=>/ {print $$1}') $(BIN)/image/prometheus/lib64/
	docker build -q -f deploy/docker/prometheus.Dockerfile -t $(IMAGE_PREFIX)/prometheus-ci:$(IMAGE_TAG) .

## grafana-check: the dashboard served by a real Grafana (built from the Go module proxy by
## deploy/grafana/build.sh: backend only, ~550 MB of modules, ~6 min): provisioning, the stage
## variable and every panel's query through Grafana's API. Not in CI for its size.
grafana-check: $(BIN)/grafana
	TIDINGS_GRAFANA_BIN=$(abspath $(BIN))/grafana TIDINGS_GRAFANA_HOME=$(abspath $(BIN))/grafana-home \
	  go test -count=1 -timeout 15m -run TestDashboardAgainstPrometheus -v ./deploy

$(BIN)/grafana:
	deploy/grafana/build.sh $(BIN)

## e2e: the docker-compose stack test and the all-in-one image's (images built once, then the stack runs)
e2e:
	TIDINGS_E2E=1 go test -count=1 -timeout 20m -run 'TestCompose|TestImage' -v ./deploy

## chaos: the cluster tests (cmd/tidings/internal/clustertest): three NATS nodes of tidings/nats on a
## private Docker network, PostgreSQL and 1 fetcher, 2 parsers, 3 enrichers, 2 sinks as containers;
## 2,000 articles per scenario while a node is killed, a node is cut off, stages are killed,
## PostgreSQL stops, or everything starts at once (images built first)
chaos: images-ci
	TIDINGS_CHAOS=1 go test -count=1 -timeout 20m -v -run 'Test' ./cmd/tidings/internal/clustertest

## bench-cluster: the fetcher's files/s into the documents stream, its container on one NATS container (R1)
## beside the three-node cluster (R3) (images built first)
bench-cluster: images-ci
	TIDINGS_CHAOS=1 go test -count=1 -timeout 20m -run '^$$' -bench BenchmarkFetcherIntoStream -benchtime 3x ./cmd/tidings/internal/clustertest
