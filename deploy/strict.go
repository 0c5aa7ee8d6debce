package deploy

import (
	"errors"
	"fmt"

	sigsjson "sigs.k8s.io/json"
)

// strictUnmarshal decodes JSON into obj as the Kubernetes API server does in
// strict mode: case-sensitive field names, and unknown or duplicate fields
// are errors.
func strictUnmarshal(data []byte, obj any) error {
	strict, err := sigsjson.UnmarshalStrict(data, obj)
	if err != nil {
		return err
	}
	if len(strict) > 0 {
		return fmt.Errorf("strict decoding: %w", errors.Join(strict...))
	}
	return nil
}
