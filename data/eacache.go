package data

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/plmlab/plmlab/plm"
)

// Configuration files (".plmea") store sampled spin configurations so that a
// notebook rerun does not sample again. The format, all little-endian:
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

// cachePath is where CachedSamples keeps the configurations of a run.
func cachePath(m *EA2D, s PTSettings, dir string) (string, error) {
	if dir == "" {
		d, err := CacheDir()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(d, "ea2d")
	}
	if err := s.check(m.Kind); err != nil {
		return "", err
	}
	key, _ := json.Marshal(struct {
		L                       int
		Kind                    CouplingKind
		Seed                    uint64
		T                       []float64
		Eq, Sweeps, Thin, Chain int
		PTSeed                  uint64
	}{m.L, m.Kind, m.Seed, s.Temperatures, s.Equilibration, s.Sweeps, s.Thin, s.Chains, s.Seed})
	sum := sha256.Sum256(key)
	kind := map[CouplingKind]string{PlusMinusJ: "pmJ", Gaussian: "gauss"}[m.Kind]
	return filepath.Join(dir, fmt.Sprintf("ea2d-L%d-%s-%s.plmea", m.L, kind, hex.EncodeToString(sum[:6]))), nil
}

// SampleAndCache always samples (returning the diagnostics) and leaves the
// configurations where CachedSamples finds them.
func SampleAndCache(ctx context.Context, m *EA2D, s PTSettings, dir string) (*PTResult, error) {
	path, err := cachePath(m, s, dir)
	if err != nil {
		return nil, err
	}
	res, err := m.ParallelTempering(ctx, s)
	if err != nil {
		return nil, err
	}
	return res, SaveConfigurations(path, m, res.T, res.Configs)
}

// CachedSamples returns the configurations of ParallelTempering(s) at
// Temperatures[0], from a configuration file in dir (by default
// CacheDir()/ea2d) if an identical run was made before; otherwise it samples
// and saves them. The PT diagnostics are returned only when it sampled.
func CachedSamples(ctx context.Context, m *EA2D, s PTSettings, dir string) (*plm.Patterns, *PTResult, error) {
	path, err := cachePath(m, s, dir)
	if err != nil {
		return nil, nil, err
	}
	// A missing or corrupt file is sampled (again) and overwritten.
	if _, T, x, err := LoadConfigurations(path); err == nil && len(s.Temperatures) > 0 && math.Abs(T-s.Temperatures[0]) < 1e-12 {
		return x, nil, nil
	}
	res, err := m.ParallelTempering(ctx, s)
	if err != nil {
		return nil, nil, err
	}
	_ = SaveConfigurations(path, m, res.T, res.Configs)
	return res.Configs, res, nil
}
