package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tidings-news/tidings/services/sink/store"
)

func openInternal(t *testing.T) *SQLite {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestPragmas(t *testing.T) {
	s := openInternal(t)
	want := map[string][2]string{ // writer, reader
		"journal_mode": {"wal", "wal"},
		"synchronous":  {"1", "2"}, // NORMAL on the writer; readers never commit
		"foreign_keys": {"0", "1"}, // the writer keeps references itself
		"busy_timeout": {"10000", "10000"},
		"temp_store":   {"2", "2"},
		"query_only":   {"0", "1"},
	}
	for p, w := range want {
		for i, db := range []*sql.DB{s.write, s.read} {
			var got string
			if err := db.QueryRow("PRAGMA " + p).Scan(&got); err != nil {
				t.Fatalf("PRAGMA %s: %v", p, err)
			}
			if got != w[i] {
				t.Errorf("PRAGMA %s on the %s = %s, want %s", p, []string{"writer", "reader"}[i], got, w[i])
			}
		}
	}
}

// TestSplitPieces: a record in pieces is cut into parts of at most
// BodyPartBytes (and a rune) that join into it, each a piece's own bytes
// but for the column's, which joins the first pieces that fit.
func TestSplitPieces(t *testing.T) {
	big := strings.Repeat("«é» ", BodyPartBytes/3)
	for name, pieces := range map[string]store.Encoded{
		"small first": {`{"id":"a","body":`, `""`, "", `,"x":"` + big + `"}`},
		"large first": {`{"x":"` + big, `"}`},
		"all small":   {`{"id":`, `"a"`, `}`},
	} {
		first, rest := splitPieces(pieces)
		if got := first + strings.Join(rest, ""); got != strings.Join(pieces, "") {
			t.Errorf("%s: the parts do not join into the record", name)
		}
		for i, p := range append([]string{first}, rest...) {
			if len(p) > BodyPartBytes+3 || !utf8.ValidString(p) || (i > 0 && p == "") {
				t.Errorf("%s: part %d has %d bytes (valid UTF-8 %v)", name, i, len(p), utf8.ValidString(p))
			}
		}
		if name == "small first" && first != pieces[0]+pieces[1] {
			t.Errorf("%s: the column's part is %.30q, want the first pieces joined", name, first)
		}
	}
}
