package manifest

import (
	"testing"

	"ringwave/internal/npyfile"
)

func writeNpy(t *testing.T, path string, values []float64, shape ...int) {
	t.Helper()
	if _, err := npyfile.WriteFile(path, values, shape...); err != nil {
		t.Fatal(err)
	}
}
