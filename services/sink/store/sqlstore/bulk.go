package sqlstore

import (
	"strings"
)

// maxBulkRows bounds the rows of one multi-row INSERT. Row counts are split
// into powers of two up to it, so a table needs at most log2(maxBulkRows)+1
// distinct statements, all of which can be prepared once.
const maxBulkRows = 64

// ChunkSizes splits n rows into powers of two no larger than maxBulkRows,
// largest first: 83 → 64, 16, 2, 1.
func ChunkSizes(n int) []int {
	var out []int
	for n >= maxBulkRows {
		out = append(out, maxBulkRows)
		n -= maxBulkRows
	}
	for size := maxBulkRows / 2; size > 0; size /= 2 {
		if n&size != 0 {
			out = append(out, size)
		}
	}
	return out
}

// BulkSizes lists every chunk size ChunkSizes can return.
func BulkSizes() []int {
	var out []int
	for size := 1; size <= maxBulkRows; size *= 2 {
		out = append(out, size)
	}
	return out
}

// InsertSQL is a multi-row INSERT of rows rows into Table, followed by
// suffix (an ON CONFLICT clause or "").
func InsertSQL(table string, cols []string, rows int, suffix string) string {
	var b strings.Builder
	b.WriteString("INSERT INTO ")
	b.WriteString(table)
	b.WriteString(" (")
	b.WriteString(strings.Join(cols, ", "))
	b.WriteString(") VALUES ")
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(tuple)
	}
	if suffix != "" {
		b.WriteString(" ")
		b.WriteString(suffix)
	}
	return b.String()
}

// BulkKey names the multi-row statement for rows rows of a TableSpec.
type BulkKey struct {
	Spec string
	Rows int
}
