package data

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/plmlab/plmlab/internal/atomicfile"
	"github.com/plmlab/plmlab/internal/userfile"
	"github.com/plmlab/plmlab/plm"
)

// Configuration files (".plmea") store sampled spin configurations of an
// instance, to exchange them with other programs. The format, all little-endian:
//
//	magic    [8]byte  "PLMLABEA"
//	version  uint32   1
//	L        uint32   lattice side (N = L²)
//	kind     uint32   0 ±J, 1 Gaussian
//	seed     uint64   instance seed (the couplings are redrawn from it)
//	T        float64  temperature
//	count    uint32   number of configurations
//	spins    count × ceil(N/8) bytes: spin i of a configuration is bit i%8
//	         of byte i/8, 1 for +1 and 0 for −1
const eaMagic = "PLMLABEA"

// SaveConfigurations writes configurations of the instance at temperature T.
func SaveConfigurations(path string, m *EA2D, T float64, x *plm.Patterns) error {
	if x == nil || x.P < 1 {
		return fmt.Errorf("data: no configurations to save")
	}
	if !(T > 0) || math.IsInf(T, 0) {
		return fmt.Errorf("data: temperature %v, want finite and > 0", T)
	}
	if x.N != m.N() {
		return fmt.Errorf("data: %d-spin configurations for an instance of %d spins", x.N, m.N())
	}
	var b bytes.Buffer
	b.WriteString(eaMagic)
	for _, v := range []any{uint32(1), uint32(m.L), uint32(m.Kind), m.Seed, T, uint32(x.P)} {
		binary.Write(&b, binary.LittleEndian, v)
	}
	row := make([]byte, (x.N+7)/8)
	for mu := 0; mu < x.P; mu++ {
		clear(row)
		for i, v := range x.Row(mu) {
			if v > 0 {
				row[i/8] |= 1 << (i % 8)
			}
		}
		b.Write(row)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return atomicfile.Write(path, &b)
}

// LoadConfigurations reads a configuration file and the instance it
// belongs to (its couplings are redrawn from the stored seed).
func LoadConfigurations(path string) (*EA2D, float64, *plm.Patterns, error) {
	raw, err := userfile.Read(path, MaxInputBytes)
	if err != nil {
		return nil, 0, nil, fmt.Errorf("data: %w", err)
	}
	m, T, x, err := ParseConfigurations(raw)
	if err != nil {
		return nil, 0, nil, fmt.Errorf("data: %s: %w", path, err)
	}
	return m, T, x, nil
}

// configHeader is the size of a configuration file's header.
const configHeader = 8 + 4 + 4 + 4 + 8 + 8 + 4

// ParseConfigurations decodes the bytes of a configuration file. The
// declared sizes are checked against the bytes present before anything is
// allocated for them.
func ParseConfigurations(raw []byte) (*EA2D, float64, *plm.Patterns, error) {
	if len(raw) < 8 || string(raw[:8]) != eaMagic {
		return nil, 0, nil, errors.New("not a configuration file (bad magic)")
	}
	if len(raw) < configHeader {
		return nil, 0, nil, errors.New("truncated header")
	}
	le := binary.LittleEndian
	version, l, kind := le.Uint32(raw[8:]), le.Uint32(raw[12:]), le.Uint32(raw[16:])
	seed, T, count := le.Uint64(raw[20:]), math.Float64frombits(le.Uint64(raw[28:])), le.Uint32(raw[36:])
	if version != 1 {
		return nil, 0, nil, fmt.Errorf("unsupported version %d", version)
	}
	if !(T > 0) || math.IsInf(T, 0) {
		return nil, 0, nil, fmt.Errorf("temperature %v, want finite and > 0", T)
	}
	if count == 0 {
		return nil, 0, nil, errors.New("no configurations")
	}
	if l < 4 || l%2 != 0 || l > 1<<15 {
		return nil, 0, nil, fmt.Errorf("lattice side %d, want even, ≥ 4 and ≤ 32768", l)
	}
	n := int(l) * int(l)
	rowBytes := (n + 7) / 8
	if want := configHeader + int64(count)*int64(rowBytes); int64(len(raw)) != want {
		if int64(len(raw)) < want {
			return nil, 0, nil, fmt.Errorf("truncated: %d configurations of %d spins need %d bytes, the file has %d", count, n, want, len(raw))
		}
		return nil, 0, nil, fmt.Errorf("trailing bytes: %d configurations of %d spins need %d bytes, the file has %d", count, n, want, len(raw))
	}
	m, err := NewEA2D(int(l), CouplingKind(kind), seed)
	if err != nil {
		return nil, 0, nil, err
	}
	x := &plm.Patterns{P: int(count), N: n, Data: make([]float32, int(count)*n)}
	body := raw[configHeader:]
	for mu := 0; mu < x.P; mu++ {
		row := body[mu*rowBytes : (mu+1)*rowBytes]
		out := x.Row(mu)
		for i := range out {
			out[i] = -1
			if row[i/8]>>(i%8)&1 == 1 {
				out[i] = 1
			}
		}
	}
	return m, T, x, nil
}
