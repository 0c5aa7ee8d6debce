package api

import (
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"

	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/export"
)

// fileFormats are the values of a list's format parameter besides json
// (a page of JSON, the default).
var fileFormats = export.Formats()

// fileFormat reads the format parameter: "" for a page of JSON, else a
// file format, in which case every matching row is written and limit does
// not apply.
func (p *params) fileFormat() string {
	f := p.str("format")
	switch {
	case f == "" || f == "json":
		return ""
	case !slices.Contains(fileFormats, f):
		p.fail("format=%q: want json (a page), %s (every matching row as a file)", events.Clip(f), strings.Join(fileFormats, ", "))
		return ""
	case p.str("limit") != "":
		p.fail("limit does not apply to format=%s: the file holds every matching row (cursor may start it later)", f)
	}
	return f
}

// serveFile streams table in format to the client, every row as the
// writer makes it: memory stays constant. A failure after the first bytes
// can only cut the response short (the client sees an incomplete body).
func (s *server) serveFile(w http.ResponseWriter, r *http.Request, table, format string, write func(io.Writer) error) {
	w.Header().Set("Content-Type", export.ContentType(format))
	w.Header().Set("Content-Disposition", `attachment; filename="`+table+"."+format+`"`)
	w.Header().Set("Cache-Control", "no-store")
	cw := &countingWriter{w: w}
	err := write(cw)
	if err == nil {
		return
	}
	if cw.n == 0 && r.Context().Err() == nil {
		w.Header().Del("Content-Disposition")
		s.storeError(w, r, err, "")
		return
	}
	if r.Context().Err() == nil && !errors.Is(err, r.Context().Err()) {
		s.log.Error("read API: a file export failed midway", zap.String("table", table), zap.String("format", format), zap.Error(err))
	}
	panic(http.ErrAbortHandler) // the only way to tell the client the body is incomplete
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// writeRows writes rows of type T in format to w, each from rows' emit.
func writeRows[T any](w io.Writer, format string, rows func(emit func(T) error) error) error {
	tw, err := export.NewWriter[T](format, w)
	if err != nil {
		return err
	}
	err = rows(tw.Write)
	if cerr := tw.Close(); err == nil {
		err = cerr
	}
	return err
}
