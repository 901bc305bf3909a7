package data

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/plmlab/plmlab/internal/userfile"
)

// IDX is a parsed IDX file (the MNIST format): unsigned bytes with their
// dimensions.
type IDX struct {
	Dims []int
	Data []byte
}

// maxIDXBytes bounds the data an IDX header may announce (MNIST is 47 MB).
const maxIDXBytes = MaxInputBytes

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
	// Read what is there (at most one byte more than announced) instead of
	// allocating the announced size first: memory follows the input.
	data, err := io.ReadAll(io.LimitReader(r, int64(size)+1))
	if err != nil {
		return nil, fmt.Errorf("idx: reading data: %w", err)
	}
	if len(data) < size {
		return nil, fmt.Errorf("idx: truncated data: %d of %d bytes", len(data), size)
	}
	if len(data) > size {
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

// MaxInputBytes bounds what one data file may hold once decompressed:
// 256 MiB (the largest file plmlab reads, MNIST's training images, is
// 47 MB). A larger file, or a .gz that inflates beyond it, is refused.
const MaxInputBytes = 256 << 20

// readMaybeGzip reads a file, decompressed when it starts with the gzip
// magic bytes; the whole stream is read, so a damaged payload or checksum is
// an error, and at most MaxInputBytes are kept.
func readMaybeGzip(path string) (io.Reader, error) {
	f, err := userfile.Open(path, MaxInputBytes)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	defer f.Close()
	br := bufio.NewReader(f)
	var r io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		z, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("data: %s: %w", path, err)
		}
		r = z
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxInputBytes+1))
	if err != nil {
		return nil, fmt.Errorf("data: %s: %w", path, err)
	}
	if len(data) > MaxInputBytes {
		return nil, fmt.Errorf("data: %s decompresses to more than the %d MiB limit for a data file", path, MaxInputBytes>>20)
	}
	return bytes.NewReader(data), nil
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
