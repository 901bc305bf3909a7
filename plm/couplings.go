package plm

import (
	"errors"
	"fmt"
	"math"

	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/internal/linalg"
)

// Couplings is an N×N coupling matrix, asymmetric in general, with zero
// diagonal. W is row-major: W[i*N+j] = J_ij, and row J_i is the perceptron
// of site i.
type Couplings struct {
	N int
	W []float32
}

// NewCouplings returns an all-zero N×N matrix.
func NewCouplings(n int) (*Couplings, error) {
	if n <= 0 {
		return nil, fmt.Errorf("plm: couplings need N > 0, got %d", n)
	}
	if err := limits.Check("plm: couplings", 4, n, n); err != nil {
		return nil, err
	}
	return &Couplings{N: n, W: make([]float32, n*n)}, nil
}

// CouplingsFromRows builds couplings from N rows of N values. Non-finite
// entries are an error; the diagonal is set to zero.
func CouplingsFromRows(rows [][]float64) (*Couplings, error) {
	n := len(rows)
	if n == 0 {
		return nil, errors.New("plm: no coupling rows given")
	}
	J := &Couplings{N: n, W: make([]float32, n*n)}
	for i, r := range rows {
		if len(r) != n {
			return nil, fmt.Errorf("plm: coupling row %d has %d entries, want %d", i, len(r), n)
		}
		for j, v := range r {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("plm: coupling J[%d][%d] is %v", i, j, v)
			}
			J.W[i*n+j] = float32(v)
		}
	}
	J.ZeroDiagonal()
	return J, nil
}

// Validate checks the size, that entries are finite and the diagonal is zero.
func (J *Couplings) Validate() error {
	if J == nil {
		return errors.New("plm: couplings are nil")
	}
	if _, ok := limits.Bytes(4, J.N, J.N); J.N <= 0 || !ok || len(J.W) != J.N*J.N {
		return fmt.Errorf("plm: couplings of N=%d hold %d values, want N*N", J.N, len(J.W))
	}
	if err := checkFinite(J.W, J.N); err != nil {
		return err
	}
	for i := 0; i < J.N; i++ {
		if J.W[i*J.N+i] != 0 {
			return fmt.Errorf("plm: coupling diagonal J[%d][%d] = %v, want 0", i, i, J.W[i*J.N+i])
		}
	}
	return nil
}

// checkFinite names the first non-finite entry of row-major n-column w.
func checkFinite(w []float32, n int) error {
	for k, v := range w {
		if f := float64(v); math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("plm: coupling J[%d][%d] is %v", k/n, k%n, v)
		}
	}
	return nil
}

func (J *Couplings) checkPatterns(x *Patterns) error {
	if err := J.Validate(); err != nil {
		return err
	}
	if err := x.Validate(); err != nil {
		return err
	}
	if x.N != J.N {
		return fmt.Errorf("plm: patterns have N=%d spins but couplings are %d×%d", x.N, J.N, J.N)
	}
	return nil
}

// At returns J_ij.
func (J *Couplings) At(i, j int) float64 { return float64(J.W[i*J.N+j]) }

// Row returns row i (shared storage).
func (J *Couplings) Row(i int) []float32 { return J.W[i*J.N : (i+1)*J.N] }

// Clone returns a deep copy.
func (J *Couplings) Clone() *Couplings {
	return &Couplings{N: J.N, W: append([]float32(nil), J.W...)}
}

// ZeroDiagonal sets J_ii = 0.
func (J *Couplings) ZeroDiagonal() {
	for i := 0; i < J.N; i++ {
		J.W[i*J.N+i] = 0
	}
}

// Transpose returns Jᵀ.
func (J *Couplings) Transpose() *Couplings {
	n := J.N
	T := &Couplings{N: n, W: make([]float32, n*n)}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			T.W[j*n+i] = J.W[i*n+j]
		}
	}
	return T
}

// Symmetrised returns (J + Jᵀ)/2, the symmetric part: how asymmetric PL
// couplings are read as the couplings of an energy.
func (J *Couplings) Symmetrised() *Couplings {
	S := J.Clone()
	symmetrise(S.W, J.N)
	return S
}

// LocalFields returns h_i^μ = Σ_j J_ij x_j^μ for every configuration, P×N
// row-major. The products are accumulated in float64, as in the dynamics,
// so that measures and dynamics agree on the sign of tiny fields.
func (J *Couplings) LocalFields(x *Patterns) ([]float64, error) {
	if err := J.checkPatterns(x); err != nil {
		return nil, err
	}
	return fields64(J.W, x), nil
}

// fields64 returns x Jᵀ (P×N) in float64.
func fields64(w []float32, x *Patterns) []float64 {
	n := x.N
	w64 := make([]float64, len(w))
	for k, v := range w {
		w64[k] = float64(v)
	}
	x64 := make([]float64, len(x.Data))
	for k, v := range x.Data {
		x64[k] = float64(v)
	}
	h := make([]float64, x.P*n)
	linalg.Dgemm(false, true, x.P, n, n, 1, x64, n, w64, n, 0, h, n)
	return h
}

// RowNorms returns ‖J_i‖ for every row.
func (J *Couplings) RowNorms() []float64 {
	out := make([]float64, J.N)
	for i := range out {
		var s float64
		for _, v := range J.Row(i) {
			s += float64(v) * float64(v)
		}
		out[i] = math.Sqrt(s)
	}
	return out
}

// RescaleRows multiplies every row by a positive factor so that its norm
// is norm (zero rows stay zero). The zero-temperature dynamics does not
// change; at temperature T it puts the couplings of different rules on a
// common scale, so that one T means the same noise for all of them.
func (J *Couplings) RescaleRows(norm float64) error {
	if !(norm > 0) || math.IsInf(norm, 0) {
		return fmt.Errorf("plm: row norm must be positive and finite, got %v", norm)
	}
	for i, r := range J.RowNorms() {
		if r > 0 {
			f := float32(norm / r)
			for j := range J.Row(i) {
				J.W[i*J.N+j] *= f
			}
		}
	}
	return nil
}

// MeanRowNorm is the mean of ‖J_i‖; under free-norm PL training at λ = 1 it
// is the effective inverse temperature λ(t).
func (J *Couplings) MeanRowNorm() float64 { return meanRowNorm(J.W, J.N) }

// Symmetry is η = Σ_{i≠j} J_ij J_ji / Σ_{i≠j} J_ij²: 1 for symmetric, 0 for
// uncorrelated and −1 for antisymmetric couplings (0 for J = 0).
func (J *Couplings) Symmetry() float64 {
	n := J.N
	var num, den float64
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			a := float64(J.W[i*n+j])
			num += a * float64(J.W[j*n+i])
			den += a * a
		}
	}
	if den == 0 {
		return 0
	}
	return num / den
}

// Asymmetry is ‖A‖²/‖J‖² with A = (J − Jᵀ)/2, i.e. (1 − Symmetry)/2: 0 for
// symmetric couplings, 1/2 for uncorrelated J_ij and J_ji, 1 for antisymmetric.
func (J *Couplings) Asymmetry() float64 { return (1 - J.Symmetry()) / 2 }

// Stabilities returns Δ_i^μ = ξ_i^μ (J_i·ξ^μ)/‖J_i‖ (row-norm normalised),
// P×N row-major. A row with zero norm gives Δ = 0 for every pattern.
func Stabilities(J *Couplings, xi *Patterns) ([]float64, error) {
	h, err := J.LocalFields(xi)
	if err != nil {
		return nil, err
	}
	norms := J.RowNorms()
	d := make([]float64, len(h))
	n := xi.N
	for mu := 0; mu < xi.P; mu++ {
		for i := 0; i < n; i++ {
			k := mu*n + i
			if norms[i] > 0 {
				d[k] = float64(xi.Data[k]) * h[k] / norms[i]
			}
		}
	}
	return d, nil
}

// RowMargins returns each row's margin κ_i = min_μ Δ_i^μ: the perceptron
// of site i stores every pattern with margin κ_i (the maximal-stability
// rule maximises it).
func RowMargins(J *Couplings, xi *Patterns) ([]float64, error) {
	d, err := Stabilities(J, xi)
	if err != nil {
		return nil, err
	}
	m := make([]float64, xi.N)
	for i := range m {
		m[i] = math.Inf(1)
		for mu := 0; mu < xi.P; mu++ {
			m[i] = math.Min(m[i], d[mu*xi.N+i])
		}
	}
	return m, nil
}

// FixedPointFraction is the fraction of patterns μ with Δ_i^μ > 0 at every
// site, i.e. stored as fixed points of the zero-temperature dynamics.
func FixedPointFraction(J *Couplings, xi *Patterns) (float64, error) {
	h, err := J.LocalFields(xi)
	if err != nil {
		return 0, err
	}
	return storedFraction(h, xi.Data, xi.P, xi.N), nil
}

func storedFraction(h []float64, xi []float32, p, n int) float64 {
	stored := 0
	for mu := 0; mu < p; mu++ {
		ok := true
		for i := mu * n; i < (mu+1)*n; i++ {
			if float64(xi[i])*h[i] <= 0 {
				ok = false
				break
			}
		}
		if ok {
			stored++
		}
	}
	return float64(stored) / float64(p)
}
