package data

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/internal/userfile"
)

// NumPy's .npy format, version 1.0 written, 1.0–3.0 read: a magic
// string, a header dictionary (dtype, order, shape), then the array in
// row-major order. Written here rather than through a module, which would
// move gonum's version under the whole project.

// NPY is an array read from a .npy file, as float64 in C order.
type NPY struct {
	Shape []int
	Data  []float64
}

// NPYBytes encodes a float64 array of the given shape.
func NPYBytes(shape []int, v []float64) ([]byte, error) {
	n := 1
	dims := make([]string, len(shape))
	for k, d := range shape {
		if d < 0 {
			return nil, fmt.Errorf("data: npy shape %v has a negative dimension", shape)
		}
		var ok bool
		if n, ok = limits.Product(n, d); !ok {
			return nil, fmt.Errorf("data: npy shape %v is too large", shape)
		}
		dims[k] = strconv.Itoa(d)
	}
	if n != len(v) {
		return nil, fmt.Errorf("data: npy shape %v holds %d values, got %d", shape, n, len(v))
	}
	tuple := strings.Join(dims, ", ")
	if len(shape) == 1 {
		tuple += ","
	}
	head := fmt.Sprintf("{'descr': '<f8', 'fortran_order': False, 'shape': (%s), }", tuple)
	// Magic (6) + version (2) + length (2) + header + '\n', padded to 64.
	pad := 64 - (10+len(head)+1)%64
	if pad == 64 {
		pad = 0
	}
	head += strings.Repeat(" ", pad) + "\n"
	var b bytes.Buffer
	b.Grow(10 + len(head) + 8*len(v))
	b.WriteString("\x93NUMPY\x01\x00")
	_ = binary.Write(&b, binary.LittleEndian, uint16(len(head)))
	b.WriteString(head)
	_ = binary.Write(&b, binary.LittleEndian, v)
	return b.Bytes(), nil
}

var (
	npyDescr = regexp.MustCompile(`'descr'\s*:\s*'([<>|=])([fiub])(\d+)'`)
	npyOrder = regexp.MustCompile(`'fortran_order'\s*:\s*(True|False)`)
	npyShape = regexp.MustCompile(`'shape'\s*:\s*\(([^)]*)\)`)
)

// ReadNPY reads a .npy file of floats, signed or unsigned integers or
// booleans (any byte order) into float64. Fortran order, structured or
// object arrays are errors naming what the file holds.
func ReadNPY(path string) (*NPY, error) {
	b, err := userfile.Read(path, MaxInputBytes)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	a, err := ParseNPY(b)
	if err != nil {
		return nil, fmt.Errorf("data: %s: %w", path, err)
	}
	return a, nil
}

// ParseNPY decodes the bytes of a .npy file (see ReadNPY).
func ParseNPY(b []byte) (*NPY, error) {
	if len(b) < 10 || string(b[:6]) != "\x93NUMPY" {
		return nil, errors.New("not a .npy file (no \\x93NUMPY magic)")
	}
	var hl, start int
	switch b[6] {
	case 1:
		hl, start = int(binary.LittleEndian.Uint16(b[8:10])), 10
	case 2, 3:
		if len(b) < 12 {
			return nil, errors.New("truncated .npy header")
		}
		hl, start = int(binary.LittleEndian.Uint32(b[8:12])), 12
	default:
		return nil, fmt.Errorf(".npy version %d.%d is not supported", b[6], b[7])
	}
	if hl > len(b)-start {
		return nil, errors.New("truncated .npy header")
	}
	head := string(b[start : start+hl])
	body := b[start+hl:]
	d := npyDescr.FindStringSubmatch(head)
	if d == nil {
		return nil, fmt.Errorf("array type in %q is not a plain number type (structured and object arrays are not read)", strings.TrimSpace(head))
	}
	if o := npyOrder.FindStringSubmatch(head); o == nil || o[1] == "True" {
		return nil, errors.New("arrays in Fortran order are not read: save with numpy.ascontiguousarray")
	}
	sm := npyShape.FindStringSubmatch(head)
	if sm == nil {
		return nil, fmt.Errorf("no shape in header %q", strings.TrimSpace(head))
	}
	var shape []int
	n := 1
	for _, f := range strings.Split(sm[1], ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		v, err := strconv.Atoi(f)
		if err != nil || v < 0 {
			return nil, fmt.Errorf("bad dimension %q in shape (%s)", f, sm[1])
		}
		var ok bool
		if n, ok = limits.Product(n, v); !ok {
			return nil, fmt.Errorf("shape (%s) is too large", sm[1])
		}
		shape = append(shape, v)
	}
	size, err := strconv.Atoi(d[3])
	if err != nil {
		return nil, fmt.Errorf("bad item size %q", d[3])
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if d[1] == ">" {
		bo = binary.BigEndian
	}
	kind := d[2]
	okSize := map[string][]int{"f": {4, 8}, "i": {1, 2, 4, 8}, "u": {1, 2, 4, 8}, "b": {1}}[kind]
	valid := false
	for _, s := range okSize {
		valid = valid || s == size
	}
	if !valid {
		return nil, fmt.Errorf("array type %s%s%d is not read (floats of 4 or 8 bytes, integers, booleans)", d[1], kind, size)
	}
	if need, ok := limits.Product(n, size); !ok || need != len(body) {
		return nil, fmt.Errorf("shape %v of %d-byte values needs %d bytes of data, the file has %d (truncated?)", shape, size, n*size, len(body))
	}
	out := &NPY{Shape: shape, Data: make([]float64, n)}
	for k := range n {
		p := body[k*size : (k+1)*size]
		var v float64
		switch {
		case kind == "f" && size == 4:
			v = float64(math.Float32frombits(bo.Uint32(p)))
		case kind == "f" && size == 8:
			v = math.Float64frombits(bo.Uint64(p))
		case size == 1 && kind == "i":
			v = float64(int8(p[0]))
		case size == 1:
			v = float64(p[0])
		case kind == "i" && size == 2:
			v = float64(int16(bo.Uint16(p)))
		case kind == "i" && size == 4:
			v = float64(int32(bo.Uint32(p)))
		case kind == "i" && size == 8:
			v = float64(int64(bo.Uint64(p)))
		case size == 2:
			v = float64(bo.Uint16(p))
		case size == 4:
			v = float64(bo.Uint32(p))
		default:
			v = float64(bo.Uint64(p))
		}
		out.Data[k] = v
	}
	return out, nil
}
