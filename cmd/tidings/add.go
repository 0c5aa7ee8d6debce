package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
)

// addConfig are the flags of `tidings add`.
type addConfig struct {
	addr, token, mediaType string
	source, url, published string
	feed                   bool
	interval               string
	timeout                time.Duration
}

// cmdAdd posts documents, pages or feeds to a running Tidings: a file is
// uploaded (POST /api/v1/documents), "-" uploads standard input, an http(s)
// URL is queued to be fetched (POST /api/v1/urls) or, with --feed,
// registered as a feed (POST /api/v1/feeds). It prints one line a thing
// added and exits 1 if any was refused.
func cmdAdd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f := newFlags("add", stderr)
	var c addConfig
	f.String(&c.addr, "addr", "127.0.0.1:8080", "address of the running Tidings (tidings up, or the fetcher)")
	f.String(&c.token, "api-token", "", "bearer token of the API (better given as TIDINGS_API_TOKEN)")
	// What is added, and how, is said on the command line only, never
	// taken from a TIDINGS_* variable left in the environment.
	fs := f.FlagSet()
	fs.StringVar(&c.mediaType, "type", "", "media type of standard input or of a file whose extension says none (default: text/plain, text/html when it starts with <)")
	fs.StringVar(&c.source, "source", "", "source name of the document (default: the file's name)")
	fs.StringVar(&c.url, "url", "", "URL the document was published at")
	fs.StringVar(&c.published, "published", "", "date the document was published (RFC 3339 or YYYY-MM-DD)")
	fs.BoolVar(&c.feed, "feed", false, "register each URL as a feed (RSS, Atom, JSON Feed or sitemap) instead of a page")
	fs.StringVar(&c.interval, "interval", "", "polling interval of a feed registered with --feed (default the server's)")
	fs.DurationVar(&c.timeout, "timeout", time.Minute, "bound of each request")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: tidings add [flags] FILE|URL|- ...")
		fs.PrintDefaults()
	}
	if code, ok := parse(f, args, stderr); !ok {
		return code
	}
	items := f.FlagSet().Args()
	if len(items) == 0 {
		f.FlagSet().Usage()
		return 2
	}
	failed := false
	for _, item := range items {
		line, err := c.add(ctx, item)
		if err != nil {
			fmt.Fprintf(stderr, "tidings add %s: %v\n", item, err)
			failed = true
			continue
		}
		fmt.Fprintln(stdout, line)
	}
	if failed {
		return 1
	}
	return 0
}

// add sends one item and returns the line to print.
func (c addConfig) add(ctx context.Context, item string) (string, error) {
	switch {
	case strings.HasPrefix(item, "http://") || strings.HasPrefix(item, "https://"):
		if c.feed {
			return c.addFeed(ctx, item)
		}
		return c.addURL(ctx, item)
	case item == "-":
		data, err := io.ReadAll(os.Stdin)
		if err != nil {
			return "", fmt.Errorf("read standard input: %w", err)
		}
		return c.upload(ctx, c.source, data)
	default:
		data, err := os.ReadFile(item)
		if err != nil {
			return "", err
		}
		source := c.source
		if source == "" {
			source = filepath.Base(item)
		}
		return c.upload(ctx, source, data)
	}
}

func (c addConfig) upload(ctx context.Context, source string, data []byte) (string, error) {
	mt := c.mediaType
	if mt == "" {
		if byName, ok := events.MediaTypeOf(source); ok {
			mt = byName
		} else if bytes.HasPrefix(bytes.TrimSpace(data), []byte("<")) {
			mt = events.MediaHTML
		} else {
			mt = events.MediaText
		}
	}
	q := url.Values{}
	for k, v := range map[string]string{"source": source, "url": c.url, "published": c.published} {
		if v != "" {
			q.Set(k, v)
		}
	}
	var out struct {
		Documents []struct {
			ID        string `json:"id"`
			Duplicate bool   `json:"duplicate"`
			Source    string `json:"source"`
		} `json:"documents"`
	}
	if err := c.post(ctx, "/api/v1/documents?"+q.Encode(), mt, data, &out); err != nil {
		return "", err
	}
	var lines []string
	for _, d := range out.Documents {
		state := "accepted"
		if d.Duplicate {
			state = "duplicate"
		}
		lines = append(lines, fmt.Sprintf("%s\t%s\t%s", d.ID, state, d.Source))
	}
	return strings.Join(lines, "\n"), nil
}

func (c addConfig) addURL(ctx context.Context, u string) (string, error) {
	body, _ := json.Marshal(map[string]string{"url": u})
	var out struct {
		URLs []struct {
			URL    string `json:"url"`
			Queued bool   `json:"queued"`
		} `json:"urls"`
	}
	if err := c.post(ctx, "/api/v1/urls", "application/json", body, &out); err != nil {
		return "", err
	}
	if len(out.URLs) == 0 {
		return "", fmt.Errorf("the server answered no URL")
	}
	state := "queued"
	if !out.URLs[0].Queued {
		state = "seen (fetched or queued within the seen window)"
	}
	return fmt.Sprintf("%s\t%s", out.URLs[0].URL, state), nil
}

func (c addConfig) addFeed(ctx context.Context, u string) (string, error) {
	req := map[string]string{"url": u}
	if c.interval != "" {
		req["interval"] = c.interval
	}
	body, _ := json.Marshal(req)
	var out struct {
		ID, URL  string
		Interval string
	}
	if err := c.post(ctx, "/api/v1/feeds", "application/json", body, &out); err != nil {
		return "", err
	}
	return fmt.Sprintf("%s\tfeed\t%s\tevery %s", out.ID, out.URL, out.Interval), nil
}

// post sends body and decodes a 2xx answer into out; any other answer is
// an error carrying the server's message.
func (c addConfig) post(ctx context.Context, path, contentType string, body []byte, out any) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	base := c.addr
	if !strings.Contains(base, "://") {
		base = "http://" + base
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(base, "/")+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", contentType)
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("is tidings up running at %s? %w", c.addr, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return fmt.Errorf("read answer: %w", err)
	}
	if resp.StatusCode/100 != 2 {
		var e struct {
			Error struct {
				Message string `json:"message"`
				Reason  string `json:"reason"`
			} `json:"error"`
		}
		if json.Unmarshal(raw, &e) == nil && e.Error.Message != "" {
			if e.Error.Reason != "" {
				return fmt.Errorf("%s (%s): %s", resp.Status, e.Error.Reason, e.Error.Message)
			}
			return fmt.Errorf("%s: %s", resp.Status, e.Error.Message)
		}
		return fmt.Errorf("%s: %s", resp.Status, strings.TrimSpace(string(raw)))
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("decode answer: %w", err)
	}
	return nil
}
