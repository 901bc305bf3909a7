package plotting

import (
	"fmt"
	"io"

	"github.com/plmlab/plmlab/internal/atomicfile"
)

// writeTo writes w to path atomically (see internal/atomicfile).
func writeTo(path string, w io.WriterTo) error {
	if err := atomicfile.Write(path, w); err != nil {
		return fmt.Errorf("plotting: %w", err)
	}
	return nil
}

// bytesWriter adapts a byte slice to io.WriterTo.
type bytesWriter = atomicfile.Bytes
