// Package helperreport is what testdata/helper, the payload of the
// selfextract tests, prints on stdout: the one definition the helper writes
// and the tests read.
package helperreport

// Report is the helper's argv, environment, stdin, PID and executable.
type Report struct {
	Args  []string `json:"args"`
	Env   []string `json:"env"`
	Stdin string   `json:"stdin"`
	PID   int      `json:"pid"`
	Exe   string   `json:"exe"`
}
