package guard

import (
	"errors"
	"net/netip"
	"testing"
)

func TestBlocked(t *testing.T) {
	blocked := []string{"127.0.0.1", "127.8.9.10", "::1", "10.0.0.1", "172.16.5.4", "192.168.1.1",
		"169.254.169.254", "fe80::1", "0.0.0.0", "::", "100.64.0.1", "224.0.0.1", "ff02::1",
		"fd00::1", "::ffff:127.0.0.1", "::ffff:10.1.1.1", "198.18.0.1", "255.255.255.255", "2001:db8::5"}
	for _, s := range blocked {
		if Blocked(netip.MustParseAddr(s)) == "" {
			t.Errorf("%s is not blocked", s)
		}
	}
	for _, s := range []string{"8.8.8.8", "93.184.216.34", "2606:4700::1111", "172.32.0.1", "100.128.0.1"} {
		if why := Blocked(netip.MustParseAddr(s)); why != "" {
			t.Errorf("%s is blocked: %s", s, why)
		}
	}
}

// TestControl checks the dial-time hook on the addresses a dialer hands it
// (after resolution), without connecting anywhere.
func TestControl(t *testing.T) {
	g := Guard{}
	for _, addr := range []string{"127.0.0.1:80", "[::1]:443", "[::ffff:192.168.0.1]:8080", "169.254.169.254:80", "localhost:80"} {
		if err := g.Control("tcp4", addr, nil); !errors.Is(err, ErrBlocked) {
			t.Errorf("Control(%s) = %v, want ErrBlocked", addr, err)
		}
	}
	if err := g.Control("tcp4", "93.184.216.34:443", nil); err != nil {
		t.Errorf("public address refused: %v", err)
	}
	if err := (Guard{AllowPrivate: true}).Control("tcp4", "127.0.0.1:80", nil); err != nil {
		t.Errorf("AllowPrivate refused loopback: %v", err)
	}
}
