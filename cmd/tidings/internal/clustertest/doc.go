// Package clustertest holds the cluster (chaos) tests of Tidings: three NATS
// JetStream nodes of the project's own image on a private Docker network,
// PostgreSQL in a container, and the stages as containers of their images
// (1 fetcher, 2 parsers, 3 enrichers, 2 sinks), all started with
// testcontainers-go. Each scenario drops 2,000 generated articles into the
// inbox while a fault is injected (a node SIGKILLed and restarted, a node cut
// off the network, stages SIGKILLed, PostgreSQL stopped, everything started
// at once), then checks that every article is stored exactly once, that no
// message was dead-lettered, that none was held more than 30 s after a fault,
// that every stream holds the same messages on all three nodes and that every
// stage exits 0 on SIGTERM; it prints the time to recover.
//
// They run with TIDINGS_CHAOS=1 (`make chaos`, which builds the images with
// `make images-ci` first) and need Docker.
package clustertest
