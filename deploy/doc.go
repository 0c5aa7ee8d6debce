// Package deploy holds the tests of Tidings' deployment artefacts: the
// kustomize tree under k8s/ rendered with the kustomize library and decoded
// strictly into Kubernetes API types, the Prometheus alert rules checked and
// unit-tested with promtool, the Grafana dashboard's PromQL run against a real
// Prometheus scraping `tidings up`, and the docker-compose stack run on the
// local Docker engine with images built from this repository.
package deploy
