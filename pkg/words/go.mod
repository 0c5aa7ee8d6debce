module github.com/tidings-news/tidings/pkg/words

go 1.26.0
