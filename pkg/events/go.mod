module github.com/tidings-news/tidings/pkg/events

go 1.26.0
