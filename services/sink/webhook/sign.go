package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/tidings-news/tidings/pkg/events"
)

// Headers of a delivery besides the CloudEvents ones.
const (
	// HeaderSignature is "sha256=" and the hex HMAC-SHA256 of the body keyed
	// by the subscription's secret.
	HeaderSignature = "X-Tidings-Signature"
	// HeaderIdempotencyKey is the message's id (its ce-id, from the document
	// id and the item's index): the same on every retry and redelivery.
	HeaderIdempotencyKey = "Idempotency-Key"
	// HeaderSubscription is the subscription's id.
	HeaderSubscription = events.HeaderSubscription
)

// Sign is the X-Tidings-Signature of body under secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify reports whether signature is body's under secret (in constant time).
func Verify(secret string, body []byte, signature string) bool {
	hexSum, ok := strings.CutPrefix(signature, "sha256=")
	if !ok {
		return false
	}
	got, err := hex.DecodeString(hexSum)
	if err != nil {
		return false
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return hmac.Equal(got, m.Sum(nil))
}
