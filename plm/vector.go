package plm

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/internal/linalg"
)

// VectorPatterns are P configurations of N vector spins, unit vectors of
// R^d: Data[(μN + i)d + a] is component a of spin i in pattern μ. With d = 1
// they are Ising patterns (±1).
type VectorPatterns struct {
	P, N, D int
	Data    []float32
}

// vectorNormTol is how far from 1 a spin's norm may be (float32 rounding
// of a normalised vector is ~1e-7).
const vectorNormTol = 1e-4

// NewVectorPatterns checks and wraps data (P·N·d values, each spin of unit
// norm); the slice is shared.
func NewVectorPatterns(p, n, d int, data []float32) (*VectorPatterns, error) {
	if err := checkVectorDim(d); err != nil {
		return nil, err
	}
	if p <= 0 || n <= 0 {
		return nil, fmt.Errorf("plm: vector patterns need P > 0 and N > 0, got P=%d N=%d", p, n)
	}
	if len(data) != p*n*d {
		return nil, fmt.Errorf("plm: %d values for P=%d patterns of N=%d spins in d=%d (want %d)", len(data), p, n, d, p*n*d)
	}
	for k := 0; k < p*n; k++ {
		var s float64
		for _, v := range data[k*d : (k+1)*d] {
			if v-v != 0 {
				return nil, fmt.Errorf("plm: pattern %d, spin %d has a non-finite component (%v)", k/n, k%n, v)
			}
			s += float64(v) * float64(v)
		}
		if math.Abs(math.Sqrt(s)-1) > vectorNormTol {
			return nil, fmt.Errorf("plm: pattern %d, spin %d has norm %.6g; vector spins are unit vectors", k/n, k%n, math.Sqrt(s))
		}
	}
	return &VectorPatterns{P: p, N: n, D: d, Data: data}, nil
}

// Validate checks sizes, finiteness and unit norms.
func (x *VectorPatterns) Validate() error {
	if x == nil {
		return errors.New("plm: vector patterns are nil")
	}
	_, err := NewVectorPatterns(x.P, x.N, x.D, x.Data)
	return err
}

// Row returns pattern μ (N·d values, shared storage).
func (x *VectorPatterns) Row(mu int) []float32 { return x.Data[mu*x.N*x.D : (mu+1)*x.N*x.D] }

// RandomVectorPatterns draws P·N spins uniformly on the sphere S^{d−1}
// (normalised Gaussian vectors; for d = 1, ±1 with equal odds).
func RandomVectorPatterns(p, n, d int, rng *rand.Rand) (*VectorPatterns, error) {
	if err := checkVectorDim(d); err != nil {
		return nil, err
	}
	if p <= 0 || n <= 0 {
		return nil, fmt.Errorf("plm: need P > 0 and N > 0 random vector patterns, got P=%d N=%d", p, n)
	}
	if rng == nil {
		return nil, errors.New("plm: RandomVectorPatterns needs a random generator (got nil)")
	}
	if err := limits.Check("plm: random vector patterns", 4, p, n, d); err != nil {
		return nil, err
	}
	x := &VectorPatterns{P: p, N: n, D: d, Data: make([]float32, p*n*d)}
	for k := 0; k < p*n; k++ {
		randomUnit(x.Data[k*d:(k+1)*d], rng)
	}
	return x, nil
}

// randomUnit sets v (at most MaxVectorDim values) to a uniform unit vector.
func randomUnit(v []float32, rng *rand.Rand) {
	var buf [MaxVectorDim]float64
	g := buf[:len(v)]
	for {
		var s float64
		for a := range g {
			g[a] = rng.NormFloat64()
			s += g[a] * g[a]
		}
		if s > 1e-20 {
			s = 1 / math.Sqrt(s)
			for a := range v {
				v[a] = float32(g[a] * s)
			}
			return
		}
	}
}

// VectorOverlap is m = (1/N) Σ_i S_i·ξ_i between two configurations of N
// spins in d dimensions (d = 1: the Mattis overlap).
// Slices of different lengths, or n < 1, give NaN (no overlap is defined).
func VectorOverlap(s, xi []float32, n int) float64 {
	if len(s) != len(xi) || n < 1 {
		return math.NaN()
	}
	return float64(linalg.Sdot(s, xi)) / float64(n)
}

// VectorCouplings are N×N blocks J_ij ∈ R^{d×d} with zero diagonal blocks,
// stored as one (Nd)×(Nd) row-major matrix: W[(id + a)(Nd) + jd + b] =
// (J_ij)_ab, so the fields of all sites are one product h = W s.
type VectorCouplings struct {
	N, D int
	W    []float32
}

// NewVectorCouplings returns zero couplings.
func NewVectorCouplings(n, d int) (*VectorCouplings, error) {
	if err := checkVectorDim(d); err != nil {
		return nil, err
	}
	if n < 2 {
		return nil, fmt.Errorf("plm: vector couplings need N ≥ 2, got %d", n)
	}
	if err := limits.Check("plm: vector couplings", 4, n, d, n, d); err != nil {
		return nil, err
	}
	return &VectorCouplings{N: n, D: d, W: make([]float32, n*d*n*d)}, nil
}

// Validate checks the sizes, finiteness and zero diagonal blocks.
func (J *VectorCouplings) Validate() error {
	if J == nil {
		return errors.New("plm: vector couplings are nil")
	}
	if err := checkVectorDim(J.D); err != nil {
		return err
	}
	nd := J.N * J.D
	if J.N < 2 || len(J.W) != nd*nd {
		return fmt.Errorf("plm: vector couplings of N=%d, d=%d hold %d values, want %d", J.N, J.D, len(J.W), nd*nd)
	}
	for k, v := range J.W {
		if v-v != 0 {
			return fmt.Errorf("plm: vector coupling [%d][%d] is %v", k/nd, k%nd, v)
		}
	}
	for i := 0; i < J.N; i++ {
		for a := 0; a < J.D; a++ {
			for b := 0; b < J.D; b++ {
				if J.W[(i*J.D+a)*nd+i*J.D+b] != 0 {
					return fmt.Errorf("plm: vector couplings: diagonal block J_%d%d is not zero", i, i)
				}
			}
		}
	}
	return nil
}

func (J *VectorCouplings) checkPatterns(x *VectorPatterns) error {
	if err := J.Validate(); err != nil {
		return err
	}
	if err := x.Validate(); err != nil {
		return err
	}
	if x.N != J.N || x.D != J.D {
		return fmt.Errorf("plm: patterns of N=%d spins in d=%d for couplings of N=%d, d=%d", x.N, x.D, J.N, J.D)
	}
	return nil
}

// Block returns J_ij as d×d row-major values (a copy).
func (J *VectorCouplings) Block(i, j int) []float64 {
	d, nd := J.D, J.N*J.D
	out := make([]float64, d*d)
	for a := 0; a < d; a++ {
		for b := 0; b < d; b++ {
			out[a*d+b] = float64(J.W[(i*d+a)*nd+j*d+b])
		}
	}
	return out
}

// zeroDiagonalBlocks sets every J_ii to zero in an (Nd)×(Nd) matrix.
func zeroDiagonalBlocks(w []float32, n, d int) {
	nd := n * d
	for i := 0; i < n; i++ {
		for a := 0; a < d; a++ {
			row := w[(i*d+a)*nd+i*d : (i*d+a)*nd+(i+1)*d]
			clear(row)
		}
	}
}

// VectorHebb returns the tensorial Hebb couplings J_ij = (1/N) Σ_μ ξ_i^μ
// ξ_j^μᵀ (i ≠ j).
func VectorHebb(x *VectorPatterns) (*VectorCouplings, error) {
	if err := x.Validate(); err != nil {
		return nil, err
	}
	J, err := NewVectorCouplings(x.N, x.D)
	if err != nil {
		return nil, err
	}
	nd := x.N * x.D
	linalg.Sgemm(true, false, nd, nd, x.P, float32(1/float64(x.N)), x.Data, nd, x.Data, nd, 0, J.W, nd)
	zeroDiagonalBlocks(J.W, x.N, x.D)
	return J, nil
}

// Fields returns h_i^μ = Σ_{j≠i} J_ij s_j^μ for every configuration, as
// P·N·d values laid out like the configurations.
func (J *VectorCouplings) Fields(x *VectorPatterns) ([]float32, error) {
	if err := J.checkPatterns(x); err != nil {
		return nil, err
	}
	nd := J.N * J.D
	h := make([]float32, x.P*nd)
	linalg.Sgemm(false, true, x.P, nd, nd, 1, x.Data, nd, J.W, nd, 0, h, nd)
	return h, nil
}

// Asymmetry is ‖J − J^T‖²/(4‖J‖²) of the big matrix (J_ji = J_ijᵀ is
// symmetric), 0 for symmetric couplings.
func (J *VectorCouplings) Asymmetry() float64 {
	nd := J.N * J.D
	var num, den float64
	for r := 0; r < nd; r++ {
		for c := 0; c < nd; c++ {
			a, b := float64(J.W[r*nd+c]), float64(J.W[c*nd+r])
			num += (a - b) * (a - b)
			den += a * a
		}
	}
	if den == 0 {
		return 0
	}
	return num / (4 * den)
}
