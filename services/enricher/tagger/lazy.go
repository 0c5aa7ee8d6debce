package tagger

import "sync"

// Lazy decodes a model the first time it is needed, so that programs that
// never tag pay nothing at start. It is safe for concurrent use.
type Lazy struct {
	once   sync.Once
	data   []byte
	tagger *Tagger
	err    error
}

// NewLazy returns a Lazy over a model file's bytes (see Model.Encode).
func NewLazy(data []byte) *Lazy { return &Lazy{data: data} }

// Tagger decodes the model on first use and returns the tagger.
func (l *Lazy) Tagger() (*Tagger, error) {
	l.once.Do(func() {
		m, err := Decode(l.data)
		if err != nil {
			l.err = err
			return
		}
		l.tagger = New(m, 0)
	})
	return l.tagger, l.err
}
