// Package atomicfile writes files so that they appear whole or not at
// all: into a temporary file beside the target, synced, then renamed. A
// full disk or a crash never leaves a truncated file under the final name,
// and two processes writing the same path both succeed (the last rename
// wins). The temporary names are random and created exclusively, and a
// rename within a directory is atomic on local and network file systems
// (NFS included), so writers on many machines sharing a folder are safe.
//
// TempPattern matches the temporary files; one left behind by a killed
// process can be removed once no writer can still own it.
package atomicfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/plmlab/plmlab/internal/userfile"
)

// TempPattern is the glob of the temporary files Write makes in a folder.
const TempPattern = ".*.tmp-*"

// Write writes w to path atomically. An existing path must be a regular
// file: the rename would otherwise replace a FIFO or a device that is not
// plmlab's.
func Write(path string, w io.WriterTo) error {
	if err := userfile.CheckTarget(path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	_, err = w.WriteTo(f)
	if err == nil {
		// CreateTemp makes the file private; readable like os.WriteFile's,
		// for caches and outputs shared by a group on a cluster.
		err = f.Chmod(0o644)
	}
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
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// Bytes adapts a byte slice to io.WriterTo.
type Bytes []byte

// WriteTo writes the bytes.
func (b Bytes) WriteTo(w io.Writer) (int64, error) {
	n, err := w.Write(b)
	return int64(n), err
}
