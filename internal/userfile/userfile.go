// Package userfile opens the files a user names (a config, a shard, an
// alignment, a cache entry): only regular files are read, never more than a
// stated number of bytes, and opening never blocks. A FIFO, a device, a
// directory or a socket is refused with a message that says what the path
// is, so that /dev/zero cannot exhaust memory and a named pipe cannot hang
// the process in open(2).
package userfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"

	"github.com/plmlab/plmlab/internal/limits"
)

// Check says whether path is a regular file (symbolic links followed),
// without opening it.
func Check(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	return regular(path, st)
}

func regular(path string, st fs.FileInfo) error {
	if st.Mode().IsRegular() {
		return nil
	}
	return &KindError{Path: path, Kind: Kind(st.Mode())}
}

// KindError says that a path is not a regular file.
type KindError struct {
	Path, Kind string
}

func (e *KindError) Error() string {
	return fmt.Sprintf("%s is %s, not a regular file", e.Path, e.Kind)
}

// Kind names the type of a file mode in words.
func Kind(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return "a regular file"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a regular file"
}

// TooLargeError says that a file holds more than a reader accepts.
type TooLargeError struct {
	Path string
	Max  int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s holds more than %s, the most this reader accepts", e.Path, limits.Format(e.Max))
}

// Open opens a regular file of at most max bytes for reading. The path is
// checked before it is opened (a device is never opened) and the open file
// again (it may have been replaced); the open does not block, whatever the
// path turns out to be.
func Open(path string, max int64) (*os.File, error) {
	if err := Check(path); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err == nil {
		err = regular(path, st)
	}
	if err == nil && st.Size() > max {
		err = &TooLargeError{Path: path, Max: max}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// Read reads a regular file of at most max bytes. A file that grows past
// max while it is read (or reports a size it does not hold, as files in
// /proc do) is refused too.
func Read(path string, max int64) ([]byte, error) {
	f, err := Open(path, max)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadAll(f, path, max)
}

// ReadAll reads r to its end, refusing more than max bytes (path names it
// in the error).
func ReadAll(r io.Reader, path string, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, &TooLargeError{Path: path, Max: max}
	}
	return b, nil
}

// IsKind reports whether err says a path is not a regular file.
func IsKind(err error) bool {
	var k *KindError
	return errors.As(err, &k)
}

// CheckTarget says whether a file may be written at path: it may not
// exist yet, or must be a regular file. Creating a FIFO would block, and a
// device would be written to.
func CheckTarget(path string) error {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return regular(path, st)
}

// WriteFile is os.WriteFile (mode 0644) to a path CheckTarget accepts.
func WriteFile(path string, b []byte) error {
	if err := CheckTarget(path); err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}
