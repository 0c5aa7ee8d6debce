module github.com/tidings-news/tidings/cmd/tidings

go 1.26.0

require (
	github.com/tidings-news/tidings/pkg/events v0.0.0
	github.com/tidings-news/tidings/pkg/stage v0.0.0
	github.com/tidings-news/tidings/services/enricher v0.0.0
	github.com/tidings-news/tidings/services/fetcher v0.0.0
	github.com/tidings-news/tidings/services/parser v0.0.0
	github.com/tidings-news/tidings/services/sink v0.0.0
)

replace github.com/tidings-news/tidings/pkg/events => ../../pkg/events

replace github.com/tidings-news/tidings/pkg/stage => ../../pkg/stage

replace github.com/tidings-news/tidings/services/fetcher => ../../services/fetcher

replace github.com/tidings-news/tidings/services/parser => ../../services/parser

replace github.com/tidings-news/tidings/services/enricher => ../../services/enricher

replace github.com/tidings-news/tidings/services/sink => ../../services/sink
