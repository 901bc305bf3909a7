package plm

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/internal/linalg"
)

// Patterns is a set of P configurations of N ±1 spins, one per row.
type Patterns struct {
	P, N int
	// Data holds the spins row-major: Data[μ*N+i] = ξ_i^μ.
	Data []float32
}

// Spin is a numeric type that can carry a ±1 spin value.
type Spin interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~float32 | ~float64
}

// NewPatterns builds patterns from rows of ±1 values. Rows must be non-empty,
// of equal length, and contain only +1 and −1.
func NewPatterns[T Spin](rows [][]T) (*Patterns, error) {
	if len(rows) == 0 {
		return nil, errors.New("plm: no patterns given (empty set)")
	}
	n := len(rows[0])
	if n == 0 {
		return nil, errors.New("plm: pattern 0 is empty")
	}
	if err := limits.Check("plm: patterns", 4, len(rows), n); err != nil {
		return nil, err
	}
	p := &Patterns{P: len(rows), N: n, Data: make([]float32, len(rows)*n)}
	for mu, r := range rows {
		if len(r) != n {
			return nil, fmt.Errorf("plm: pattern %d has %d spins, pattern 0 has %d", mu, len(r), n)
		}
		for i, v := range r {
			f := float64(v)
			if f != 1 && f != -1 {
				return nil, fmt.Errorf("plm: pattern %d, spin %d is %v, want +1 or -1", mu, i, f)
			}
			p.Data[mu*n+i] = float32(f)
		}
	}
	return p, nil
}

// PatternsFromData wraps row-major ±1 data of P patterns of N spins after
// checking it. The slice is used, not copied.
func PatternsFromData(p, n int, data []float32) (*Patterns, error) {
	if p <= 0 || n <= 0 {
		return nil, fmt.Errorf("plm: need P > 0 and N > 0 patterns, got P=%d N=%d", p, n)
	}
	if _, ok := limits.Bytes(4, p, n); !ok || len(data) != p*n {
		return nil, fmt.Errorf("plm: data has %d values, want P*N = %d*%d = %d", len(data), p, n, p*n)
	}
	for k, v := range data {
		if v != 1 && v != -1 {
			return nil, fmt.Errorf("plm: pattern %d, spin %d is %v, want +1 or -1", k/n, k%n, v)
		}
	}
	return &Patterns{P: p, N: n, Data: data}, nil
}

// RandomPatterns draws P patterns of N i.i.d. unbiased ±1 spins.
func RandomPatterns(p, n int, rng *rand.Rand) (*Patterns, error) {
	if p <= 0 || n <= 0 {
		return nil, fmt.Errorf("plm: need P > 0 and N > 0 random patterns, got P=%d N=%d", p, n)
	}
	if rng == nil {
		return nil, errors.New("plm: RandomPatterns needs a random generator (got nil)")
	}
	if err := limits.Check("plm: random patterns", 4, p, n); err != nil {
		return nil, err
	}
	d := make([]float32, p*n)
	for k := 0; k < len(d); k += 64 {
		bits := rng.Uint64()
		for b := 0; b < 64 && k+b < len(d); b++ {
			d[k+b] = float32(int64(bits>>b&1)*2 - 1)
		}
	}
	return &Patterns{P: p, N: n, Data: d}, nil
}

// Row returns pattern μ (shared storage).
func (x *Patterns) Row(mu int) []float32 { return x.Data[mu*x.N : (mu+1)*x.N] }

// Alpha is the load P/N.
func (x *Patterns) Alpha() float64 { return float64(x.P) / float64(x.N) }

// Clone returns a deep copy.
func (x *Patterns) Clone() *Patterns {
	return &Patterns{P: x.P, N: x.N, Data: append([]float32(nil), x.Data...)}
}

// Subset returns the patterns with the given indices, in that order (a copy).
func (x *Patterns) Subset(idx []int) (*Patterns, error) {
	if len(idx) == 0 {
		return nil, errors.New("plm: Subset needs at least one index")
	}
	out := &Patterns{P: len(idx), N: x.N, Data: make([]float32, len(idx)*x.N)}
	for k, mu := range idx {
		if mu < 0 || mu >= x.P {
			return nil, fmt.Errorf("plm: Subset index %d out of range [0,%d)", mu, x.P)
		}
		copy(out.Row(k), x.Row(mu))
	}
	return out, nil
}

// Int8 returns the spins as int8 rows, handy for display.
func (x *Patterns) Int8() [][]int8 {
	out := make([][]int8, x.P)
	for mu := range out {
		r := make([]int8, x.N)
		for i, v := range x.Row(mu) {
			r[i] = int8(v)
		}
		out[mu] = r
	}
	return out
}

// Validate checks sizes and that every value is ±1.
func (x *Patterns) Validate() error {
	if x == nil {
		return errors.New("plm: patterns are nil")
	}
	_, err := PatternsFromData(x.P, x.N, x.Data)
	return err
}

// Overlap is the Mattis overlap m = a·b/N between two configurations.
func Overlap(a, b []float32) (float64, error) {
	if len(a) != len(b) || len(a) == 0 {
		return math.NaN(), fmt.Errorf("plm: overlap of configurations of lengths %d and %d", len(a), len(b))
	}
	return float64(linalg.Sdot(a, b)) / float64(len(a)), nil
}

// OverlapMatrix returns M[a][b] = x^a·y^b/N for every pair of rows.
func OverlapMatrix(x, y *Patterns) ([][]float64, error) {
	if err := x.Validate(); err != nil {
		return nil, err
	}
	if err := y.Validate(); err != nil {
		return nil, err
	}
	if x.N != y.N {
		return nil, fmt.Errorf("plm: overlaps between patterns of N=%d and N=%d spins", x.N, y.N)
	}
	m := make([]float32, x.P*y.P)
	// Unscaled dot products of ±1 vectors are exact integers in float32.
	linalg.Sgemm(false, true, x.P, y.P, x.N, 1, x.Data, x.N, y.Data, y.N, 0, m, y.P)
	out := make([][]float64, x.P)
	for a := range out {
		out[a] = make([]float64, y.P)
		for b := range out[a] {
			out[a][b] = float64(m[a*y.P+b]) / float64(x.N)
		}
	}
	return out, nil
}

// PairedOverlaps returns m^μ = x^μ·y^μ/N for two sets of equal size, e.g.
// final states against the patterns they started from.
func PairedOverlaps(x, y *Patterns) ([]float64, error) {
	if x == nil || y == nil {
		return nil, errors.New("plm: paired overlaps of nil patterns")
	}
	if x.P != y.P || x.N != y.N {
		return nil, fmt.Errorf("plm: paired overlaps of %d×%d and %d×%d pattern sets", x.P, x.N, y.P, y.N)
	}
	out := make([]float64, x.P)
	for mu := range out {
		m, err := Overlap(x.Row(mu), y.Row(mu))
		if err != nil {
			return nil, err
		}
		out[mu] = m
	}
	return out, nil
}
