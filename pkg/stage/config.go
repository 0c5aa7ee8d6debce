package stage

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// EnvPrefix prefixes every environment variable a Tidings binary reads.
const EnvPrefix = "TIDINGS_"

// OrDefault sets *p to def unless it is positive: in a configuration, a
// zero (or negative) duration, count, size or rate stands for its default.
func OrDefault[T int | int64 | float64 | time.Duration](p *T, def T) {
	if *p <= 0 {
		*p = def
	}
}

// Flags binds flags to a FlagSet with defaults taken from TIDINGS_* environment
// variables: flag "nats-url" reads TIDINGS_NATS_URL. An explicit flag wins over
// the environment, the environment over the built-in default.
type Flags struct {
	fs     *flag.FlagSet
	errs   *[]error
	rename func(string) string
}

// NewFlags wraps fs.
func NewFlags(fs *flag.FlagSet) *Flags { return &Flags{fs: fs, errs: new([]error)} }

// Renamed returns flags that bind into the same set, each flag (and its
// environment variable) under rename(name): `tidings up` binds a stage's
// flags this way where two stages share a name.
func (f *Flags) Renamed(rename func(name string) string) *Flags {
	return &Flags{fs: f.fs, errs: f.errs, rename: func(n string) string { return rename(f.name(n)) }}
}

// name is the name flag n is bound under.
func (f *Flags) name(n string) string {
	if f.rename == nil {
		return n
	}
	return f.rename(n)
}

func (f *Flags) fail(err error) { *f.errs = append(*f.errs, err) }

// FlagSet is the wrapped flag set.
func (f *Flags) FlagSet() *flag.FlagSet { return f.fs }

// Err reports malformed environment values met while binding.
func (f *Flags) Err() error { return errors.Join(*f.errs...) }

// EnvName is the environment variable behind flag name.
func EnvName(name string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

func usage(name, help string) string { return fmt.Sprintf("%s (env %s)", help, EnvName(name)) }

// String binds a string flag.
func (f *Flags) String(p *string, name, def, help string) {
	name = f.name(name)
	if v, ok := os.LookupEnv(EnvName(name)); ok {
		def = v
	}
	f.fs.StringVar(p, name, def, usage(name, help))
}

// envDefault is flag name's default: the value of its environment variable
// read by parse when it is set, else def. A value parse refuses is reported
// by Err as not being what, and def stays.
func envDefault[T any](f *Flags, name string, def T, parse func(string) (T, error), what string) T {
	v, ok := os.LookupEnv(EnvName(name))
	if !ok {
		return def
	}
	x, err := parse(v)
	if err != nil {
		f.fail(fmt.Errorf("%s=%q: not %s", EnvName(name), v, what))
		return def
	}
	return x
}

// Int binds an int flag; a malformed environment value is reported by Err.
func (f *Flags) Int(p *int, name string, def int, help string) {
	name = f.name(name)
	f.fs.IntVar(p, name, envDefault(f, name, def, strconv.Atoi, "an integer"), usage(name, help))
}

// Default gives a flag already bound (a common flag) a stage's own default,
// unless its environment variable is set; an unknown flag or a malformed
// value is reported by Err.
func (f *Flags) Default(name, value string) {
	name = f.name(name)
	fl := f.fs.Lookup(name)
	if fl == nil {
		f.fail(fmt.Errorf("default for unknown flag -%s", name))
		return
	}
	if _, ok := os.LookupEnv(EnvName(name)); ok {
		return
	}
	if err := fl.Value.Set(value); err != nil {
		f.fail(fmt.Errorf("default -%s=%q: %w", name, value, err))
		return
	}
	fl.DefValue = value
}

// Int64 binds an int64 flag.
func (f *Flags) Int64(p *int64, name string, def int64, help string) {
	name = f.name(name)
	parse := func(v string) (int64, error) { return strconv.ParseInt(v, 10, 64) }
	f.fs.Int64Var(p, name, envDefault(f, name, def, parse, "an integer"), usage(name, help))
}

// Duration binds a duration flag.
func (f *Flags) Duration(p *time.Duration, name string, def time.Duration, help string) {
	name = f.name(name)
	f.fs.DurationVar(p, name, envDefault(f, name, def, time.ParseDuration, "a duration"), usage(name, help))
}

// Bool binds a bool flag.
func (f *Flags) Bool(p *bool, name string, def bool, help string) {
	name = f.name(name)
	f.fs.BoolVar(p, name, envDefault(f, name, def, strconv.ParseBool, "a boolean"), usage(name, help))
}

// NATSConfig says how to reach NATS.
type NATSConfig struct {
	URL       string
	CredsFile string
	User      string
	Password  string
	Token     string
	NKeyFile  string
	TLSCert   string
	TLSKey    string
	TLSCA     string
	// Name is the client name the server shows (the stage name).
	Name string
	// PingInterval and MaxPingsOut decide how soon a dead connection is
	// noticed: after about PingInterval·MaxPingsOut without an answer the
	// client reconnects, to another server of the cluster when there is one
	// (zero values: 2s and 3).
	PingInterval time.Duration
	MaxPingsOut  int
}

// Bind registers the NATS flags.
func (c *NATSConfig) Bind(f *Flags) {
	f.String(&c.URL, "nats-url", "nats://127.0.0.1:4222", "NATS server URL(s), comma separated")
	f.String(&c.CredsFile, "nats-creds", "", "NATS credentials file (JWT + nkey)")
	f.String(&c.User, "nats-user", "", "NATS user")
	f.String(&c.Password, "nats-password", "", "NATS password")
	f.String(&c.Token, "nats-token", "", "NATS token")
	f.String(&c.NKeyFile, "nats-nkey", "", "NATS nkey seed file")
	f.String(&c.TLSCert, "nats-tls-cert", "", "client TLS certificate file")
	f.String(&c.TLSKey, "nats-tls-key", "", "client TLS key file")
	f.String(&c.TLSCA, "nats-tls-ca", "", "CA file to verify the NATS server")
	f.Duration(&c.PingInterval, "nats-ping-interval", 2*time.Second, "how often the connection is pinged (a dead one is left after --nats-max-pings-outstanding unanswered pings)")
	f.Int(&c.MaxPingsOut, "nats-max-pings-outstanding", 3, "unanswered pings after which the connection is taken for dead")
}

// CommonConfig is what every stage binary takes besides NATS.
type CommonConfig struct {
	NATS      NATSConfig
	HTTPAddr  string
	LogLevel  string
	LogFormat string
	// Concurrency bounds the messages a stage handles at once.
	Concurrency int
	// ShutdownTimeout bounds the drain of in-flight work on SIGTERM.
	ShutdownTimeout time.Duration
	// StreamReplicas is the replica count of the streams a stage declares
	// (3 on a three-node JetStream cluster, 1 on a single server).
	StreamReplicas int
	// RetryBudget is how long a message failing transiently is retried
	// (with jittered backoff) before it is dead-lettered; the consumer's
	// MaxDeliver follows from it.
	RetryBudget time.Duration
	// RequestTimeout bounds every request to NATS (a PubAck, a KV or object
	// store operation, a declaration): a lost reply costs at most this.
	RequestTimeout time.Duration
	// StartTimeout bounds the retries of the declarations at start (streams,
	// buckets, consumers) while the cluster is busy or electing.
	StartTimeout time.Duration
}

// Bind registers the common flags; httpDefault is the stage's default listen address.
func (c *CommonConfig) Bind(f *Flags, httpDefault string) {
	c.NATS.Bind(f)
	f.String(&c.HTTPAddr, "http-addr", httpDefault, "listen address for /metrics, /healthz, /readyz")
	f.String(&c.LogLevel, "log-level", "info", "log level: debug, info, warn, error")
	f.String(&c.LogFormat, "log-format", "json", "log format: json or console")
	f.Int(&c.Concurrency, "concurrency", 16, "messages handled at once")
	f.Duration(&c.ShutdownTimeout, "shutdown-timeout", 20*time.Second, "how long SIGTERM waits for in-flight work")
	f.Int(&c.StreamReplicas, "stream-replicas", 1, "replicas of the JetStream streams the stage creates (existing ones are never lowered)")
	f.Duration(&c.RetryBudget, "retry-budget", DefaultRetryBudget, "how long a transient failure is retried before the message is dead-lettered")
	f.Duration(&c.RequestTimeout, "request-timeout", DefaultRequestTimeout, "timeout of every request to NATS (PubAck, KV, object store)")
	f.Duration(&c.StartTimeout, "start-timeout", 2*time.Minute, "how long the declarations at start are retried before the stage gives up")
}

// retryBudget, requestTimeout and startTimeout are the configured values,
// or their defaults when unset (a CommonConfig not bound to flags).
func (c CommonConfig) retryBudget() time.Duration {
	return durationOr(c.RetryBudget, DefaultRetryBudget)
}
func (c CommonConfig) requestTimeout() time.Duration {
	return durationOr(c.RequestTimeout, DefaultRequestTimeout)
}
func (c CommonConfig) startTimeout() time.Duration { return durationOr(c.StartTimeout, 2*time.Minute) }

func durationOr(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}
