package lexicon

import (
	"bufio"
	"fmt"
	"io/fs"
	"strings"
)

// header opens every table: "#!columns" and the column names, tab-separated.
const header = "#!columns"

// table is the schema of one tab-separated data file: its columns in order
// and, for a column named "flags", the letters it may hold. A file whose
// header names other columns, a row with more fields than columns, an
// unknown flag or a missing required column is an error.
type table struct {
	file     string
	columns  []string
	required []string // columns that may not be empty
	flags    string   // letters allowed in the "flags" column
	row      func(r row) error
}

// row is one line of a table.
type row struct {
	t      *table
	fields []string
}

// get returns the value of column name ("" when the row is shorter).
func (r row) get(name string) string {
	for i, c := range r.t.columns {
		if c == name {
			if i < len(r.fields) {
				return strings.TrimSpace(r.fields[i])
			}
			return ""
		}
	}
	panic("lexicon: table " + r.t.file + " has no column " + name) // a programming error, caught by the tests
}

// has reports whether the row's flags hold letter f.
func (r row) has(f byte) bool { return strings.IndexByte(r.get("flags"), f) >= 0 }

// load reads the table from fsys.
func (t *table) load(fsys fs.FS) error {
	f, err := fsys.Open("data/" + t.file)
	if err != nil {
		return fmt.Errorf("lexicon %s: %w", t.file, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		if err := t.line(line, sc.Text()); err != nil {
			return fmt.Errorf("lexicon %s:%d: %w", t.file, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("lexicon %s: %w", t.file, err)
	}
	if line == 0 {
		return fmt.Errorf("lexicon %s: empty file", t.file)
	}
	return nil
}

func (t *table) line(n int, text string) error {
	if n == 1 {
		want := header + "\t" + strings.Join(t.columns, "\t")
		if text != want {
			return fmt.Errorf("header %q, want %q", text, want)
		}
		return nil
	}
	if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
		return nil
	}
	fields := strings.Split(text, "\t")
	if len(fields) > len(t.columns) {
		return fmt.Errorf("%d fields, but the table has %d columns (%s)", len(fields), len(t.columns), strings.Join(t.columns, ", "))
	}
	r := row{t: t, fields: fields}
	for _, c := range t.required {
		if r.get(c) == "" {
			return fmt.Errorf("column %s is empty", c)
		}
	}
	if t.flags != "" || contains(t.columns, "flags") {
		for _, f := range r.get("flags") {
			if !strings.ContainsRune(t.flags, f) {
				return fmt.Errorf("unknown flag %q (allowed: %s)", f, t.flags)
			}
		}
	}
	return t.row(r)
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// splitAlts splits a |-separated list of alternatives.
func splitAlts(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, a := range strings.Split(s, "|") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// readWords adds every whitespace-separated word of a word file to set,
// under key(word). Lines starting with # are comments.
func readWords(fsys fs.FS, name string, set *Words, key func(string) string) error {
	b, err := fs.ReadFile(fsys, "data/"+name)
	if err != nil {
		return fmt.Errorf("lexicon %s: %w", name, err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "#") {
			continue
		}
		for _, w := range strings.Fields(l) {
			set.add(key(w))
		}
	}
	if set.Len() == 0 {
		return fmt.Errorf("lexicon %s: no words", name)
	}
	return nil
}
