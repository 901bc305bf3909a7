package plotting

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// writeTo writes w to path atomically: into a temporary file beside it,
// renamed into place only when complete, so a full disk or a crash never
// leaves a truncated file under the final name.
func writeTo(path string, w io.WriterTo) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("plotting: %w", err)
	}
	_, err = w.WriteTo(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("plotting: writing %s: %w", path, err)
	}
	return nil
}

// bytesWriter adapts a byte slice to io.WriterTo.
type bytesWriter []byte

func (b bytesWriter) WriteTo(w io.Writer) (int64, error) {
	n, err := w.Write(b)
	return int64(n), err
}
