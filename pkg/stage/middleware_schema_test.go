package stage_test

import (
	"context"
	"testing"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
)

func TestSchemaVersionRejectsOtherVersions(t *testing.T) {
	cases := map[string]struct {
		data   string
		reject bool
	}{
		"current":            {`{"schema_version": 1, "id": "a"}`, false},
		"current, not first": {`{"id": "a", "body": {"schema_version": 7}, "schema_version": 1}`, false},
		"newer":              {`{"schema_version": 2, "id": "a"}`, true},
		"newer, not first":   {`{"id": "a", "tags": [1, {"x": 2}], "schema_version": 2}`, true},
		"zero":               {`{"schema_version": 0, "id": "a"}`, true},
		"missing":            {`{"id": "a", "source": "a.txt"}`, true},
		"nested only":        {`{"body": {"schema_version": 1}}`, true},
		// Not for this middleware to judge: the handler's decoder reports these.
		"not json":         {`{not json`, false},
		"not an object":    {`7`, false},
		"empty":            {``, false},
		"version a string": {`{"schema_version": "1"}`, false},
	}
	for name, c := range cases {
		called := false
		h := stage.HandlerFunc(func(context.Context, *stage.Delivery) ([]stage.Output, error) {
			called = true
			return nil, nil
		})
		_, err := stage.SchemaVersion(events.SchemaVersion)(h).Handle(context.Background(),
			&stage.Delivery{Subject: events.SubjectEnriched, DocID: "a", Data: []byte(c.data)})
		reason, permanent := stage.IsPermanent(err)
		switch {
		case c.reject && (!permanent || reason != stage.ReasonSchemaVersion || called):
			t.Errorf("%s: error %v (permanent %v, reason %q), handler called %v; want rejected as %s",
				name, err, permanent, reason, called, stage.ReasonSchemaVersion)
		case !c.reject && (err != nil || !called):
			t.Errorf("%s: error %v, handler called %v; want passed on", name, err, called)
		}
	}
}
