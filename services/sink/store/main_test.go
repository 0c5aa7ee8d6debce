package store_test

import (
	"os"
	"testing"

	"github.com/tidings-news/tidings/services/sink/store/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }
