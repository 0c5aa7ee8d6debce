package api_test

import (
	// The stores the tests open by URL register themselves.
	_ "github.com/tidings-news/tidings/services/sink/store/postgres"
	_ "github.com/tidings-news/tidings/services/sink/store/sqlite"
)
