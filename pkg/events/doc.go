// Package events holds the message contracts of the Tidings pipeline: the Go
// types that travel between the stages, the subjects, streams and consumers
// they travel on, and the CloudEvents-style headers every message carries.
//
// Every service imports this package, so a change here is a change of the
// wire format. Within one SchemaVersion only additive changes are allowed.
package events
