package words

import (
	"bufio"
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

// header opens every table: "#!columns" and the column names, tab-separated.
const header = "#!columns"

// Table is the schema of one tab-separated data file: its columns in order
// and, for a column named "flags", the letters it may hold. A file whose
// header names other columns, a row with more fields than columns, an
// unknown flag or a missing required column is an error.
type Table struct {
	File     string
	Columns  []string
	Required []string        // columns that may not be empty
	Flags    string          // letters allowed in the "flags" column
	Row      func(Row) error // called for every row, in file order
}

// Row is one line of a table.
type Row struct {
	t      *Table
	fields []string
}

// Get returns the value of column name ("" when the row is shorter).
func (r Row) Get(name string) string {
	for i, c := range r.t.Columns {
		if c == name {
			if i < len(r.fields) {
				return strings.TrimSpace(r.fields[i])
			}
			return ""
		}
	}
	panic("words: table " + r.t.File + " has no column " + name) // a programming error, caught by the tests
}

// Has reports whether the row's flags hold letter f.
func (r Row) Has(f byte) bool { return strings.IndexByte(r.Get("flags"), f) >= 0 }

// Load reads data/<File> from fsys and calls Row for every row. Its errors
// name the file (and the line).
func (t *Table) Load(fsys fs.FS) error {
	f, err := fsys.Open("data/" + t.File)
	if err != nil {
		return fmt.Errorf("%s: %w", t.File, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		if err := t.line(line, sc.Text()); err != nil {
			return fmt.Errorf("%s:%d: %w", t.File, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", t.File, err)
	}
	if line == 0 {
		return fmt.Errorf("%s: empty file", t.File)
	}
	return nil
}

// line checks one line against the schema and passes a row to Row.
func (t *Table) line(n int, text string) error {
	if n == 1 {
		want := header + "\t" + strings.Join(t.Columns, "\t")
		if text != want {
			return fmt.Errorf("header %q, want %q", text, want)
		}
		return nil
	}
	if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
		return nil
	}
	fields := strings.Split(text, "\t")
	if len(fields) > len(t.Columns) {
		return fmt.Errorf("%d fields, but the table has %d columns (%s)", len(fields), len(t.Columns), strings.Join(t.Columns, ", "))
	}
	r := Row{t: t, fields: fields}
	for _, c := range t.Required {
		if r.Get(c) == "" {
			return fmt.Errorf("column %s is empty", c)
		}
	}
	if t.Flags != "" || slices.Contains(t.Columns, "flags") {
		for _, f := range r.Get("flags") {
			if !strings.ContainsRune(t.Flags, f) {
				return fmt.Errorf("unknown flag %q (allowed: %s)", f, t.Flags)
			}
		}
	}
	return t.Row(r)
}
