package fetcher

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/fetcher/web/canon"
)

// Outcomes of an uploaded document (tidings_fetcher_uploads_total).
const (
	UploadPublished = "published"
	UploadDuplicate = "duplicate"
	UploadRejected  = "rejected"
	UploadError     = "error"
)

// Uploaded is one document of an upload as the answer names it.
type Uploaded struct {
	ID        string `json:"id"`
	Duplicate bool   `json:"duplicate"`
	Source    string `json:"source"`
	MediaType string `json:"media_type"`
	Size      int    `json:"size"`
}

// uploadFile is one file of an upload before it is checked.
type uploadFile struct {
	name, mediaType string
	raw             []byte
}

// uploadMeta are the optional fields of an upload: the source's name, the
// URL the document was published at and its date.
type uploadMeta struct {
	source, url string
	published   *time.Time
}

// upload is POST /api/v1/documents: a raw body of an accepted media type,
// or multipart/form-data with one or more files. Every file is checked as
// an inbox file is; any reject rejects the request (nothing is published),
// with the status of its reason. The answer (202) comes once the server
// has acknowledged every document.
func (in *Intake) upload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, in.cfg.MaxRequestSize)
	files, meta, status, err := in.readUpload(r)
	if err != nil {
		in.metrics.uploads.WithLabelValues(UploadRejected).Inc()
		var rej *rejection
		if errors.As(err, &rej) {
			in.f.metrics.rejects.WithLabelValues(string(rej.reason)).Inc()
			writeAPIError(w, status, string(rej.reason), "%v", err)
			return
		}
		writeError(w, status, "%v", err)
		return
	}
	items, status, err := in.checkFiles(files, meta)
	if err != nil {
		in.metrics.uploads.WithLabelValues(UploadRejected).Add(float64(len(files)))
		writeAPIError(w, status, string(reasonOf(err)), "%v", err)
		return
	}
	out := make([]Uploaded, 0, len(items))
	for i, it := range items {
		res, dup, err := in.publishUpload(r.Context(), it)
		if err != nil {
			in.metrics.uploads.WithLabelValues(UploadError).Inc()
			in.log.Error("upload not published", zap.String("source", it.Name), zap.Error(err))
			writeError(w, http.StatusServiceUnavailable, "document %d of %d (%s) could not be published: %v; %d before it were", i+1, len(items), events.Clip(it.Name), err, i)
			return
		}
		outcome := UploadPublished
		if dup {
			outcome = UploadDuplicate
		}
		in.metrics.uploads.WithLabelValues(outcome).Inc()
		doc := res.Doc
		in.log.Info("document uploaded", zap.String("doc_id", doc.ID), zap.String("trace_id", doc.TraceID),
			zap.String("source", doc.Source), zap.Bool("duplicate", dup))
		out = append(out, Uploaded{ID: doc.ID, Duplicate: dup, Source: doc.Source, MediaType: doc.MediaType, Size: int(doc.Size)})
	}
	writeJSON(w, http.StatusAccepted, map[string]any{"documents": out})
}

// readUpload reads the files and fields of an upload; a failure comes
// with its status.
func (in *Intake) readUpload(r *http.Request) ([]uploadFile, uploadMeta, int, error) {
	ct := r.Header.Get("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	if ct == "" || err != nil {
		return nil, uploadMeta{}, http.StatusUnsupportedMediaType, reject(ReasonUnsupportedType,
			"Content-Type %q is not a document type; send text/plain, text/markdown, text/html or application/json, or multipart/form-data", ct)
	}
	if mt == "multipart/form-data" {
		return in.readMultipart(r, params["boundary"])
	}
	meta, err := parseMeta(r.URL.Query().Get("source"), r.URL.Query().Get("url"), r.URL.Query().Get("published"))
	if err != nil {
		return nil, meta, http.StatusBadRequest, err
	}
	raw, status, err := in.readLimited(r.Body)
	if err != nil {
		return nil, meta, status, err
	}
	return []uploadFile{{name: meta.source, mediaType: ct, raw: raw}}, meta, 0, nil
}

// readMultipart reads every part: the fields source, url and published
// (or the same query parameters), and every part with a file name (or a
// document media type) as a file.
func (in *Intake) readMultipart(r *http.Request, boundary string) ([]uploadFile, uploadMeta, int, error) {
	if boundary == "" {
		return nil, uploadMeta{}, http.StatusBadRequest, errors.New("multipart/form-data without a boundary")
	}
	mr := multipart.NewReader(r.Body, boundary)
	var files []uploadFile
	// The fields may come in the query too, but once.
	fields := map[string]string{}
	for name, vals := range r.URL.Query() {
		fields[name] = vals[0]
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, uploadMeta{}, bodyStatus(err), fmt.Errorf("read multipart body: %w", err)
		}
		raw, status, err := in.readLimited(part)
		if err != nil {
			return nil, uploadMeta{}, status, fmt.Errorf("part %q: %w", part.FormName(), err)
		}
		switch name := part.FormName(); {
		case part.FileName() != "" || name == "file" || name == "files":
			files = append(files, uploadFile{name: part.FileName(), mediaType: part.Header.Get("Content-Type"), raw: raw})
		case name == "source" || name == "url" || name == "published":
			if _, dup := fields[name]; dup {
				return nil, uploadMeta{}, http.StatusBadRequest, fmt.Errorf("field %q given twice (in the form, or in the form and the query); give it once", name)
			}
			fields[name] = string(raw)
		}
	}
	if len(files) == 0 {
		return nil, uploadMeta{}, http.StatusBadRequest, reject(ReasonEmpty, "the multipart body holds no file (a part with a filename)")
	}
	meta, err := parseMeta(fields["source"], fields["url"], fields["published"])
	if err != nil {
		return nil, meta, http.StatusBadRequest, err
	}
	return files, meta, 0, nil
}

// readLimited reads a body or part up to the document size limit.
func (in *Intake) readLimited(r io.Reader) ([]byte, int, error) {
	raw, err := io.ReadAll(io.LimitReader(r, in.f.cfg.MaxSize+1))
	if err != nil {
		return nil, bodyStatus(err), fmt.Errorf("read body: %w", err)
	}
	if int64(len(raw)) > in.f.cfg.MaxSize {
		return nil, http.StatusRequestEntityTooLarge, reject(ReasonTooLarge, "over the limit of %d bytes", in.f.cfg.MaxSize)
	}
	return raw, 0, nil
}

// bodyStatus is 413 when the request body went over its limit, else 400.
func bodyStatus(err error) int {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusBadRequest
}

// parseMeta checks the optional fields of an upload: text (UTF-8 without
// NUL bytes) within their bounds.
func parseMeta(source, rawURL, published string) (uploadMeta, error) {
	for _, f := range []struct {
		name, value string
		bound       int
	}{{"source", source, maxSourceChars}, {"url", rawURL, maxURLChars}, {"published", published, maxPublishedChars}} {
		if !storable(f.value) {
			return uploadMeta{}, fmt.Errorf("%s is not text: it holds a NUL byte or is not UTF-8", f.name)
		}
		if n := utf8.RuneCountInString(f.value); n > f.bound {
			return uploadMeta{}, fmt.Errorf("%s is longer than %d characters", f.name, f.bound)
		}
	}
	m := uploadMeta{source: strings.TrimSpace(source)}
	if rawURL = strings.TrimSpace(rawURL); rawURL != "" {
		u, err := canon.URL(rawURL)
		if err != nil {
			return m, fmt.Errorf("url: %w", err)
		}
		m.url = u
	}
	if published = strings.TrimSpace(published); published != "" {
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02"} {
			if t, err := time.Parse(layout, published); err == nil {
				t = t.UTC()
				m.published = &t
				break
			}
		}
		if m.published == nil {
			return m, fmt.Errorf("published %q is not a date (RFC 3339 or YYYY-MM-DD)", events.Clip(published))
		}
	}
	return m, nil
}

// checkFiles gives each file the publishing path's verdict (as an inbox
// file gets) and builds its item; the first reject fails them all, with
// its status.
func (in *Intake) checkFiles(files []uploadFile, meta uploadMeta) ([]Item, int, error) {
	items := make([]Item, 0, len(files))
	for i, file := range files {
		name := file.name
		if meta.source != "" && len(files) == 1 {
			name = meta.source
		}
		media, ok := uploadMediaType(file.mediaType, file.name)
		if !ok {
			return nil, http.StatusUnsupportedMediaType, in.rejected(i, file, reject(ReasonUnsupportedType,
				"media type %q is not accepted; send text/plain, text/markdown, text/html or application/json (or a file named %s)", file.mediaType, events.AcceptedExtensions()))
		}
		if name == "" {
			name = "upload" + extensionOf(media)
		}
		it := Item{Name: name, MediaType: media, Raw: file.raw, SourceURL: meta.url, Published: meta.published}
		if _, _, err := in.f.check(it); err != nil {
			var rej *rejection
			if errors.As(err, &rej) {
				return nil, rejectStatus(rej.reason), in.rejected(i, file, rej)
			}
			return nil, http.StatusBadRequest, err
		}
		items = append(items, it)
	}
	return items, 0, nil
}

// rejected counts a reject and names the file in its error.
func (in *Intake) rejected(i int, file uploadFile, rej *rejection) error {
	in.f.metrics.rejects.WithLabelValues(string(rej.reason)).Inc()
	name := file.name
	if name == "" {
		name = fmt.Sprintf("document %d", i+1)
	}
	return fmt.Errorf("%s: %w", events.Clip(name), rej)
}

// reasonOf is the reject reason an error wraps ("" when none).
func reasonOf(err error) Reason {
	if rej, ok := errors.AsType[*rejection](err); ok {
		return rej.reason
	}
	return ""
}

// rejectStatus is the HTTP status of a reject reason: 413 too large, 415
// unsupported or binary, 400 for the rest (empty, invalid encoding).
func rejectStatus(r Reason) int {
	switch r {
	case ReasonTooLarge:
		return http.StatusRequestEntityTooLarge
	case ReasonBinary, ReasonUnsupportedType:
		return http.StatusUnsupportedMediaType
	}
	return http.StatusBadRequest
}

// uploadMediaType is the accepted media type of an upload: its Content-Type,
// else (none, or a generic one) its file name's extension.
func uploadMediaType(contentType, name string) (string, bool) {
	if mt, ok := events.CanonicalMediaType(contentType); ok {
		return mt, true
	}
	generic := contentType == ""
	if mt, _, err := mime.ParseMediaType(contentType); err == nil && mt == "application/octet-stream" {
		generic = true
	}
	if generic && name != "" {
		return events.MediaTypeOf(name)
	}
	return "", false
}

// extensionOf is the first extension of an accepted media type.
func extensionOf(media string) string {
	for _, m := range events.AcceptedMedia() {
		if m.Type == media && len(m.Extensions) > 0 {
			return m.Extensions[0]
		}
	}
	return ""
}

// publishUpload sends an accepted upload through the fetcher's publishing
// path (stored by the server when it returns) and reports whether the same
// content was received before (within the stream's deduplication window,
// or the seen window of documents).
func (in *Intake) publishUpload(ctx context.Context, it Item) (Published, bool, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), fileTimeout)
	defer cancel()
	res, err := in.publishItem(ctx, it)
	if err != nil {
		return res, false, err
	}
	seenBefore, err := in.markDocument(ctx, res.Doc.ID)
	if err != nil {
		in.log.Warn("document published, but not recorded as seen", zap.String("doc_id", res.Doc.ID), zap.Error(err))
	}
	return res, res.Duplicate || seenBefore, nil
}
