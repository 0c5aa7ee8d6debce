package stage

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// MaxHeaderBytes bounds a request's request line and headers (a read API
// query travels in the URL): Go's server answers a larger one itself with
// 431 Request Header Fields Too Large and closes the connection.
const MaxHeaderBytes = 1 << 20

// goTooLarge is the whole answer net/http writes to the connection for a
// request over MaxHeaderBytes; tooLargeConn recognises it by its bytes.
var goTooLarge = []byte("HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n431 Request Header Fields Too Large")

// How much of an oversized request is still read, at most, once it has
// been answered.
const (
	tooLargeDrainBytes = 64 << 20
	tooLargeDrainTime  = 10 * time.Second
)

// tooLargeAnswer is what a client gets instead: the same status with a
// JSON error saying what the limit is.
var tooLargeAnswer = func() []byte {
	body := fmt.Sprintf(`{"error":{"status":431,"message":"the request line and headers are over %d bytes (1 MiB), the server's limit: shorten the URL (a query parameter such as q is limited far below it)"}}`+"\n", MaxHeaderBytes)
	return []byte(fmt.Sprintf("HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", len(body), body))
}()

// tooLargeListener wraps each connection in a tooLargeConn.
type tooLargeListener struct{ net.Listener }

func (l tooLargeListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &tooLargeConn{Conn: c}, nil
}

// tooLargeConn makes net/http's answer to an oversized request readable:
// the server stops reading at the limit and closes at once, so a client
// still sending the rest (most send the whole request before reading) got
// a reset ("broken pipe") instead of the 431. It writes tooLargeAnswer in
// its place and, on Close, reads what the client still sends (bounded in
// bytes and time) before closing.
type tooLargeConn struct {
	net.Conn
	mu       sync.Mutex
	rejected bool
}

func (c *tooLargeConn) Write(p []byte) (int, error) {
	if !bytes.Equal(p, goTooLarge) {
		return c.Conn.Write(p)
	}
	c.mu.Lock()
	c.rejected = true
	c.mu.Unlock()
	if _, err := c.Conn.Write(tooLargeAnswer); err != nil {
		return 0, err
	}
	return len(p), nil
}

// CloseWrite ends the answer (the client reads it to the end) where the
// connection can half-close.
func (c *tooLargeConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

func (c *tooLargeConn) Close() error {
	c.mu.Lock()
	rejected := c.rejected
	c.mu.Unlock()
	if rejected {
		_ = c.Conn.SetReadDeadline(time.Now().Add(tooLargeDrainTime))
		_, _ = io.Copy(io.Discard, io.LimitReader(c.Conn, tooLargeDrainBytes))
	}
	return c.Conn.Close()
}
