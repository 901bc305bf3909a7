package data

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"

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
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// LoadConfigurations reads a configuration file and the instance it
// belongs to (its couplings are redrawn from the stored seed).
func LoadConfigurations(path string) (*EA2D, float64, *plm.Patterns, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, nil, fmt.Errorf("data: %w", err)
	}
	defer f.Close()
	r := bufio.NewReader(f)
	magic := make([]byte, 8)
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != eaMagic {
		return nil, 0, nil, fmt.Errorf("data: %s is not a configuration file (bad magic)", path)
	}
	var version, l, kind, count uint32
	var seed uint64
	var T float64
	for _, v := range []any{&version, &l, &kind, &seed, &T, &count} {
		if err := binary.Read(r, binary.LittleEndian, v); err != nil {
			return nil, 0, nil, fmt.Errorf("data: %s: truncated header", path)
		}
	}
	if version != 1 {
		return nil, 0, nil, fmt.Errorf("data: %s: unsupported version %d", path, version)
	}
	m, err := NewEA2D(int(l), CouplingKind(kind), seed)
	if err != nil {
		return nil, 0, nil, fmt.Errorf("data: %s: %w", path, err)
	}
	n := m.N()
	x := &plm.Patterns{P: int(count), N: n, Data: make([]float32, int(count)*n)}
	row := make([]byte, (n+7)/8)
	for mu := 0; mu < x.P; mu++ {
		if _, err := io.ReadFull(r, row); err != nil {
			return nil, 0, nil, fmt.Errorf("data: %s: truncated at configuration %d of %d", path, mu, count)
		}
		out := x.Row(mu)
		for i := range out {
			out[i] = -1
			if row[i/8]>>(i%8)&1 == 1 {
				out[i] = 1
			}
		}
	}
	if _, err := r.ReadByte(); err != io.EOF {
		return nil, 0, nil, fmt.Errorf("data: %s: trailing bytes", path)
	}
	return m, T, x, nil
}
