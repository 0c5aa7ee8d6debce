package export

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"time"

	"github.com/parquet-go/parquet-go"
)

// Formats an export can be written in.
const (
	FormatJSONL   = "jsonl"
	FormatCSV     = "csv"
	FormatParquet = "parquet"
)

// Formats lists them.
func Formats() []string { return []string{FormatJSONL, FormatCSV, FormatParquet} }

// ContentType is the media type of a format.
func ContentType(format string) string {
	switch format {
	case FormatCSV:
		return "text/csv; charset=utf-8"
	case FormatParquet:
		return "application/vnd.apache.parquet"
	}
	return "application/x-ndjson"
}

// Writer writes rows of one table, one at a time; Close finishes the file
// (Parquet writes its footer then) but does not close the underlying writer.
type Writer[T any] interface {
	Write(row T) error
	Close() error
}

// NewWriter returns a writer of rows of type T in format to w.
func NewWriter[T any](format string, w io.Writer) (Writer[T], error) {
	switch format {
	case FormatJSONL:
		bw := bufio.NewWriterSize(w, 64<<10)
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		return &jsonlWriter[T]{bw: bw, enc: enc}, nil
	case FormatCSV:
		cw := csv.NewWriter(w)
		c := &csvWriter[T]{w: cw, fields: csvFields(reflect.TypeFor[T]())}
		header := make([]string, len(c.fields))
		for i, f := range c.fields {
			header[i] = f.name
		}
		return c, cw.Write(header)
	case FormatParquet:
		pw := parquet.NewGenericWriter[T](w, parquet.MaxRowsPerRowGroup(parquetRowGroup), parquet.Compression(&parquet.Snappy))
		return &parquetWriter[T]{w: pw, buf: make([]T, 0, parquetBatch)}, nil
	}
	return nil, fmt.Errorf("unknown format %q: give jsonl, csv or parquet", format)
}

type jsonlWriter[T any] struct {
	bw  *bufio.Writer
	enc *json.Encoder
}

func (j *jsonlWriter[T]) Write(row T) error { return j.enc.Encode(row) }
func (j *jsonlWriter[T]) Close() error      { return j.bw.Flush() }

// csvField is a column of a CSV table: its name (the json tag) and index.
type csvField struct {
	name  string
	index int
}

func csvFields(t reflect.Type) []csvField {
	var out []csvField
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := cutComma(f.Tag.Get("json"))
		if name == "" || name == "-" {
			name = f.Name
		}
		out = append(out, csvField{name: name, index: i})
	}
	return out
}

func cutComma(s string) (string, string, bool) {
	for i := range len(s) {
		if s[i] == ',' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

type csvWriter[T any] struct {
	w      *csv.Writer
	fields []csvField
	rec    []string
}

func (c *csvWriter[T]) Write(row T) error {
	v := reflect.ValueOf(row)
	c.rec = c.rec[:0]
	for _, f := range c.fields {
		c.rec = append(c.rec, cell(v.Field(f.index)))
	}
	return c.w.Write(c.rec)
}

func (c *csvWriter[T]) Close() error {
	c.w.Flush()
	return c.w.Error()
}

// cell is a value as a spreadsheet reads it: times in RFC 3339 (UTC), no
// value as an empty cell.
func cell(v reflect.Value) string {
	switch x := v.Interface().(type) {
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	case *time.Time:
		if x == nil {
			return ""
		}
		return x.UTC().Format(time.RFC3339)
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	}
	return fmt.Sprint(v.Interface())
}

// Parquet rows are handed to the library in batches, and a row group is
// closed every parquetRowGroup rows: what is held in memory stays bounded.
// Pages are compressed with Snappy, which every Parquet reader knows; zstd
// made files five times smaller but its encoders held some 45 MB more.
const (
	parquetBatch    = 1024
	parquetRowGroup = 16 << 10
)

type parquetWriter[T any] struct {
	w   *parquet.GenericWriter[T]
	buf []T
}

func (p *parquetWriter[T]) Write(row T) error {
	p.buf = append(p.buf, row)
	if len(p.buf) == cap(p.buf) {
		return p.flush()
	}
	return nil
}

func (p *parquetWriter[T]) flush() error {
	if len(p.buf) == 0 {
		return nil
	}
	if _, err := p.w.Write(p.buf); err != nil {
		return fmt.Errorf("parquet: %w", err)
	}
	clear(p.buf)
	p.buf = p.buf[:0]
	return nil
}

func (p *parquetWriter[T]) Close() error {
	if err := p.flush(); err != nil {
		return err
	}
	if err := p.w.Close(); err != nil {
		return fmt.Errorf("parquet: %w", err)
	}
	return nil
}
