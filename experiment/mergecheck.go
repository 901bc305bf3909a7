package experiment

import (
	"fmt"
)

// unitChecker is implemented by gridded configs whose outcomes have a
// shape set by the config: checkUnit says what is wrong with outcome u of
// grid point k, or nil.
type unitChecker[U any] interface {
	CheckUnit(k int, u U) error
}

func WantLen(what string, got, want int) error {
	if got != want {
		return fmt.Errorf("%s has %d values, the config makes %d", what, got, want)
	}
	return nil
}
