package data

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// IDX is a parsed IDX file (the MNIST format): unsigned bytes with their
// dimensions.
type IDX struct {
	Dims []int
	Data []byte
}

// maxIDXBytes bounds the data an IDX header may announce (MNIST is 47 MB).
const maxIDXBytes = 1 << 30

// ParseIDX reads an IDX stream of unsigned bytes: magic 0x00 0x00 0x08
// followed by the number of dimensions, the dimensions as big-endian
// uint32, and exactly their product of bytes. Anything else is an error
// naming the problem.
func ParseIDX(r io.Reader) (*IDX, error) {
	var head [4]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return nil, fmt.Errorf("idx: header: %w", noEOF(err))
	}
	if head[0] != 0 || head[1] != 0 {
		return nil, fmt.Errorf("idx: bad magic number %#02x%02x%02x%02x (want 0x0000 then type and dimensions)", head[0], head[1], head[2], head[3])
	}
	if head[2] != 0x08 {
		return nil, fmt.Errorf("idx: element type %#02x is not unsigned bytes (0x08)", head[2])
	}
	nd := int(head[3])
	if nd < 1 || nd > 4 {
		return nil, fmt.Errorf("idx: %d dimensions (want 1 to 4)", nd)
	}
	dims := make([]int, nd)
	size := 1
	for k := range dims {
		var d uint32
		if err := binary.Read(r, binary.BigEndian, &d); err != nil {
			return nil, fmt.Errorf("idx: dimension %d: %w", k, noEOF(err))
		}
		if d == 0 {
			return nil, fmt.Errorf("idx: dimension %d is zero", k)
		}
		dims[k] = int(d)
		if size > maxIDXBytes/int(d) {
			return nil, fmt.Errorf("idx: dimensions %v announce more than %d bytes", dims[:k+1], maxIDXBytes)
		}
		size *= int(d)
	}
	data := make([]byte, size)
	if n, err := io.ReadFull(r, data); err != nil {
		return nil, fmt.Errorf("idx: truncated data: %d of %d bytes (%w)", n, size, noEOF(err))
	}
	var extra [1]byte
	if n, _ := r.Read(extra[:]); n > 0 {
		return nil, fmt.Errorf("idx: trailing bytes after the %d announced", size)
	}
	return &IDX{Dims: dims, Data: data}, nil
}

func noEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// readMaybeGzip returns a reader of a file's contents, decompressed when
// the file starts with the gzip magic bytes.
func readMaybeGzip(path string) (io.Reader, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	if len(raw) >= 2 && raw[0] == 0x1f && raw[1] == 0x8b {
		z, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, fmt.Errorf("data: %s: %w", path, err)
		}
		return bufio.NewReader(z), nil
	}
	return bytes.NewReader(raw), nil
}

// ReadIDXFile parses an IDX file, gzip-compressed or not.
func ReadIDXFile(path string) (*IDX, error) {
	r, err := readMaybeGzip(path)
	if err != nil {
		return nil, err
	}
	x, err := ParseIDX(r)
	if err != nil {
		return nil, fmt.Errorf("data: %s: %w", path, err)
	}
	return x, nil
}
