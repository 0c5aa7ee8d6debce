module github.com/tidings-news/tidings/services/enricher

go 1.26.0

require (
	github.com/tidings-news/tidings/pkg/events v0.0.0
	github.com/tidings-news/tidings/pkg/stage v0.0.0
)

replace github.com/tidings-news/tidings/pkg/events => ../../pkg/events

replace github.com/tidings-news/tidings/pkg/stage => ../../pkg/stage
