package natsmetrics

import (
	"github.com/nats-io/nats-server/v2/server"
	"github.com/prometheus/client_golang/prometheus"
)

// spec is one figure of T: its name after the prefix, help and value.
type spec[T any] struct {
	name, help string
	value      func(*T) float64
}

// build makes each spec a gauge, its name prefixed, with the labels.
func build[T any](prefix string, labels []string, specs []spec[T]) []gauge[T] {
	out := make([]gauge[T], len(specs))
	for i, sp := range specs {
		out[i] = gauge[T]{prometheus.NewDesc(prefix+sp.name, sp.help, labels, nil), sp.value}
	}
	return out
}

// varzGauges are the /varz figures operators chart: nats_varz_<json key>.
func varzGauges() []gauge[server.Varz] {
	return build("nats_varz_", []string{"server_id"}, []spec[server.Varz]{
		{"connections", "Client connections open now.", func(v *server.Varz) float64 { return float64(v.Connections) }},
		{"total_connections", "Client connections accepted since the server started.", func(v *server.Varz) float64 { return float64(v.TotalConnections) }},
		{"subscriptions", "Subscriptions active now.", func(v *server.Varz) float64 { return float64(v.Subscriptions) }},
		{"slow_consumers", "Clients disconnected as slow consumers since the server started.", func(v *server.Varz) float64 { return float64(v.SlowConsumers) }},
		{"in_msgs", "Messages received since the server started (clients, routes, gateways, leaf nodes).", func(v *server.Varz) float64 { return float64(v.InMsgs) }},
		{"out_msgs", "Messages sent since the server started.", func(v *server.Varz) float64 { return float64(v.OutMsgs) }},
		{"in_bytes", "Bytes received since the server started.", func(v *server.Varz) float64 { return float64(v.InBytes) }},
		{"out_bytes", "Bytes sent since the server started.", func(v *server.Varz) float64 { return float64(v.OutBytes) }},
		{"mem", "Resident memory of the server process, in bytes.", func(v *server.Varz) float64 { return float64(v.Mem) }},
		{"cpu", "CPU use of the server process, in percent of one core.", func(v *server.Varz) float64 { return v.CPU }},
		{"cores", "Cores the server process has access to.", func(v *server.Varz) float64 { return float64(v.Cores) }},
		{"routes", "Cluster routes connected now.", func(v *server.Varz) float64 { return float64(v.Routes) }},
		{"remotes", "Route remote endpoints configured.", func(v *server.Varz) float64 { return float64(v.Remotes) }},
		{"leafnodes", "Leaf node connections now.", func(v *server.Varz) float64 { return float64(v.Leafs) }},
		{"max_payload", "Largest message payload the server accepts, in bytes.", func(v *server.Varz) float64 { return float64(v.MaxPayload) }},
		{"max_connections", "Client connections the server accepts at most.", func(v *server.Varz) float64 { return float64(v.MaxConn) }},
	})
}

// jszGauges are the JetStream totals: nats_server_*.
func jszGauges() []gauge[server.JSInfo] {
	return build("nats_server_", serverLabels, []spec[server.JSInfo]{
		{"jetstream_disabled", "1 when JetStream is disabled on the server.", func(j *server.JSInfo) float64 { return bool01(j.Disabled) }},
		{"total_streams", "Streams in JetStream.", func(j *server.JSInfo) float64 { return float64(j.Streams) }},
		{"total_consumers", "Consumers in JetStream.", func(j *server.JSInfo) float64 { return float64(j.Consumers) }},
		{"total_messages", "Messages stored in JetStream.", func(j *server.JSInfo) float64 { return float64(j.Messages) }},
		{"total_message_bytes", "Bytes of the messages stored in JetStream.", func(j *server.JSInfo) float64 { return float64(j.Bytes) }},
		{"max_memory", "JetStream's memory store limit, in bytes.", func(j *server.JSInfo) float64 { return float64(j.Config.MaxMemory) }},
		{"max_storage", "JetStream's file store limit, in bytes.", func(j *server.JSInfo) float64 { return float64(j.Config.MaxStore) }},
	})
}

// streamGauges are each stream's figures: nats_stream_*.
func streamGauges() []gauge[server.StreamDetail] {
	return build("nats_stream_", streamLabels, []spec[server.StreamDetail]{
		{"total_messages", "Messages in the stream.", func(s *server.StreamDetail) float64 { return float64(s.State.Msgs) }},
		{"total_bytes", "Bytes stored by the stream.", func(s *server.StreamDetail) float64 { return float64(s.State.Bytes) }},
		{"first_seq", "The stream's first sequence.", func(s *server.StreamDetail) float64 { return float64(s.State.FirstSeq) }},
		{"last_seq", "The stream's last sequence.", func(s *server.StreamDetail) float64 { return float64(s.State.LastSeq) }},
	})
}

// consumerGauges are each consumer's figures: nats_consumer_*.
func consumerGauges() []gauge[server.ConsumerInfo] {
	return build("nats_consumer_", consumerLabels, []spec[server.ConsumerInfo]{
		{"num_pending", "Messages of the stream the consumer has not delivered yet.", func(c *server.ConsumerInfo) float64 { return float64(c.NumPending) }},
		{"num_ack_pending", "Messages delivered and not acknowledged yet.", func(c *server.ConsumerInfo) float64 { return float64(c.NumAckPending) }},
		{"num_redelivered", "Messages delivered more than once and not acknowledged yet.", func(c *server.ConsumerInfo) float64 { return float64(c.NumRedelivered) }},
		{"num_waiting", "Pull requests waiting for messages.", func(c *server.ConsumerInfo) float64 { return float64(c.NumWaiting) }},
		{"delivered_stream_seq", "The stream sequence last delivered.", func(c *server.ConsumerInfo) float64 { return float64(c.Delivered.Stream) }},
		{"delivered_consumer_seq", "The consumer sequence last delivered.", func(c *server.ConsumerInfo) float64 { return float64(c.Delivered.Consumer) }},
		{"ack_floor_stream_seq", "The stream sequence below which every message is acknowledged.", func(c *server.ConsumerInfo) float64 { return float64(c.AckFloor.Stream) }},
		{"ack_floor_consumer_seq", "The consumer sequence below which every message is acknowledged.", func(c *server.ConsumerInfo) float64 { return float64(c.AckFloor.Consumer) }},
	})
}

func bool01(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
