// Package guard keeps the fetcher from being turned against the network it
// runs in (server-side request forgery): it refuses to connect to loopback,
// private, link-local and other special-purpose addresses. The check runs
// when a connection is dialled, on the address actually dialled, so neither
// a DNS answer that changes between look-ups (rebinding) nor a redirect can
// get around it.
package guard

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"
)

// ErrBlocked is wrapped by the error of a refused connection.
var ErrBlocked = errors.New("blocked address")

// special are the ranges no public web server lives in (IANA special-purpose
// registries), besides those netip classifies itself.
var special = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // TEST-NET-1
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // TEST-NET-2
	netip.MustParsePrefix("203.0.113.0/24"),  // TEST-NET-3
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, broadcast
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use IPv4/IPv6 translation
	netip.MustParsePrefix("100::/64"),        // discard-only
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
}

// Blocked reports why ip may not be dialled, or "" when it may: loopback,
// private (RFC 1918, IPv6 unique local), link-local, multicast, unspecified
// and the other special-purpose ranges. An IPv4 address mapped into IPv6 is
// judged as the IPv4 address.
func Blocked(ip netip.Addr) string {
	ip = ip.Unmap()
	switch {
	case !ip.IsValid():
		return "invalid address"
	case ip.IsLoopback():
		return "loopback address"
	case ip.IsPrivate():
		return "private address"
	case ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast():
		return "link-local address"
	case ip.IsUnspecified():
		return "unspecified address"
	case ip.IsMulticast(), ip.IsInterfaceLocalMulticast():
		return "multicast address"
	}
	for _, p := range special {
		if p.Contains(ip) {
			return "special-purpose address " + p.String()
		}
	}
	return ""
}

// Guard decides which addresses the fetcher may connect to.
type Guard struct {
	// AllowPrivate lets every address through (for tests and intranets).
	AllowPrivate bool
}

// Control is a net.Dialer Control function: it runs after the name was
// resolved, just before the connection is made, and refuses a blocked
// address with an error wrapping ErrBlocked.
func (g Guard) Control(_, address string, _ syscall.RawConn) error {
	if g.AllowPrivate {
		return nil
	}
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrBlocked, address, err)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("%w: %s is not an IP address", ErrBlocked, host)
	}
	if why := Blocked(ip); why != "" {
		return fmt.Errorf("%w: %s is a %s", ErrBlocked, ip, why)
	}
	return nil
}

// Dialer returns a dialer that connects only where g allows.
func (g Guard) Dialer(d net.Dialer) *net.Dialer {
	d.Control = g.Control
	return &d
}
