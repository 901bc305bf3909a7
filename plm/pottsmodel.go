package plm

import (
	"errors"
	"fmt"
	"math"

	"github.com/plmlab/plmlab/internal/limits"
)

// PottsModel is a Potts model with fields and couplings, the parameters
// plmc and plmDCA estimate from an alignment:
//
//	p(σ) ∝ exp(Σ_i h_i(σ_i) + Σ_{i<j} J_ij(σ_i, σ_j)).
//
// A gap state (Gap ≥ 0, plmc's -g) has no parameters: its fields and
// couplings are zero and the conditionals of the other states leave it
// out. J_ii = 0. A symmetric model has J_ij(a, b) = J_ji(b, a); an
// asymmetric one (each site's conditional fitted on its own) need not.
type PottsModel struct {
	L, Q       int
	Gap        int       // state without parameters, −1 for none
	Asymmetric bool      // J_ij and J_ji were fitted separately
	H          []float64 // h_i(a) at H[i·Q+a]
	J          []float64 // J_ij(a, b) at J[((i·L+j)·Q+a)·Q+b]
}

// NewPottsModel returns a zero model of L sites and Q states.
func NewPottsModel(l, q, gap int) (*PottsModel, error) {
	if l < 2 || q < 2 {
		return nil, fmt.Errorf("plm: a Potts model needs L ≥ 2 sites and Q ≥ 2 states, got L=%d, Q=%d", l, q)
	}
	if err := checkGap(gap, q); err != nil {
		return nil, err
	}
	if gap >= 0 && q < 3 {
		return nil, fmt.Errorf("plm: with gap state %d, Q=%d leaves fewer than 2 states", gap, q)
	}
	if err := limits.Check("plm: Potts model couplings (L·L·Q·Q)", 8, l, l, q, q); err != nil {
		return nil, err
	}
	return &PottsModel{L: l, Q: q, Gap: gap, H: make([]float64, l*q), J: make([]float64, l*l*q*q)}, nil
}

// Validate checks the model's shape and that its parameters are finite.
func (m *PottsModel) Validate() error {
	if m == nil {
		return errors.New("plm: nil Potts model")
	}
	if m.L < 2 || m.Q < 2 {
		return fmt.Errorf("plm: Potts model of L=%d, Q=%d; need L, Q ≥ 2", m.L, m.Q)
	}
	if err := checkGap(m.Gap, m.Q); err != nil {
		return err
	}
	n, ok := limits.Product(m.L, m.L, m.Q, m.Q)
	if !ok || len(m.J) != n || len(m.H) != m.L*m.Q {
		return fmt.Errorf("plm: Potts model holds %d fields and %d couplings, want L·Q = %d and (L·Q)²", len(m.H), len(m.J), m.L*m.Q)
	}
	for k, v := range m.H {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("plm: field h_%d(%d) is %v", k/m.Q, k%m.Q, v)
		}
	}
	for k, v := range m.J {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("plm: coupling %d is %v", k, v)
		}
	}
	return nil
}

// Field returns h_i(a).
func (m *PottsModel) Field(i, a int) float64 { return m.H[i*m.Q+a] }

// Coupling returns J_ij(a, b).
func (m *PottsModel) Coupling(i, a, j, b int) float64 {
	return m.J[((i*m.L+j)*m.Q+a)*m.Q+b]
}

// block returns J_ij as a Q×Q row-major slice (a, b).
func (m *PottsModel) block(i, j int) []float64 {
	o := (i*m.L + j) * m.Q * m.Q
	return m.J[o : o+m.Q*m.Q]
}

// States returns the states that carry parameters (all but the gap).
func (m *PottsModel) States() []int {
	s := make([]int, 0, m.Q)
	for a := range m.Q {
		if a != m.Gap {
			s = append(s, a)
		}
	}
	return s
}

// Energy returns −Σ_i h_i(σ_i) − Σ_{i<j} (J_ij + J_ji)(σ_i, σ_j)/2: minus
// the log of the unnormalised probability of σ.
func (m *PottsModel) Energy(seq []uint8) float64 {
	e := 0.0
	for i, a := range seq {
		e -= m.H[i*m.Q+int(a)]
		for j := i + 1; j < len(seq); j++ {
			b := int(seq[j])
			e -= (m.Coupling(i, int(a), j, b) + m.Coupling(j, b, i, int(a))) / 2
		}
	}
	return e
}

// ZeroSum returns the model in the zero-sum (Ising) gauge over the states
// with parameters, the form in which two estimates compare parameter by
// parameter. Each block J_ij loses its row means, moved into h_i (they act
// as fields of site i), and its column means, which site i's conditional
// does not see (in a symmetric model they are J_ji's row means, moved into
// h_j in turn); the blocks are then symmetrised, (J_ij + J_ji^T)/2, and the
// fields centred. A symmetric model's distribution is unchanged.
func (m *PottsModel) ZeroSum() *PottsModel {
	L, Q := m.L, m.Q
	st := m.States()
	n := float64(len(st))
	out := &PottsModel{L: L, Q: Q, Gap: m.Gap, H: make([]float64, L*Q), J: make([]float64, len(m.J))}
	copy(out.H, m.H)
	row := make([]float64, Q)
	col := make([]float64, Q)
	for i := range L {
		for j := range L {
			if i == j {
				continue
			}
			blk := m.block(i, j)
			clear(row)
			clear(col)
			all := 0.0
			for _, a := range st {
				for _, b := range st {
					v := blk[a*Q+b]
					row[a] += v / n
					col[b] += v / n
					all += v / (n * n)
				}
			}
			dst := out.block(i, j)
			for _, a := range st {
				out.H[i*Q+a] += row[a] - all
				for _, b := range st {
					dst[a*Q+b] = blk[a*Q+b] - row[a] - col[b] + all
				}
			}
		}
	}
	for i := range L {
		for j := i + 1; j < L; j++ {
			for _, a := range st {
				for _, b := range st {
					v := (out.Coupling(i, a, j, b) + out.Coupling(j, b, i, a)) / 2
					out.J[((i*L+j)*Q+a)*Q+b] = v
					out.J[((j*L+i)*Q+b)*Q+a] = v
				}
			}
		}
	}
	for i := range L {
		mean := 0.0
		for _, a := range st {
			mean += out.H[i*Q+a] / n
		}
		for _, a := range st {
			out.H[i*Q+a] -= mean
		}
	}
	return out
}

// CouplingScores are plmc's contact scores: the Frobenius norm of each
// coupling block over the states with parameters, as estimated (plmc does
// not change the gauge: the L2 penalty already centres the blocks), with
// the average-product correction subtracted. An asymmetric model is
// symmetrised first, (J_ij + J_ji^T)/2. The result is L×L, symmetric, zero
// on the diagonal.
func (m *PottsModel) CouplingScores() ([][]float64, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	L := m.L
	st := m.States()
	norm := make([][]float64, L)
	for i := range norm {
		norm[i] = make([]float64, L)
	}
	for i := range L {
		for j := i + 1; j < L; j++ {
			s := 0.0
			for _, a := range st {
				for _, b := range st {
					v := (m.Coupling(i, a, j, b) + m.Coupling(j, b, i, a)) / 2
					s += v * v
				}
			}
			norm[i][j] = math.Sqrt(s)
			norm[j][i] = norm[i][j]
		}
	}
	return averageProductCorrection(norm), nil
}

// averageProductCorrection returns c_ij − c̄_i c̄_j / c̄ for i ≠ j, the means
// taken over the L−1 other sites and the L(L−1)/2 pairs, as plmc does.
func averageProductCorrection(c [][]float64) [][]float64 {
	L := len(c)
	site := make([]float64, L)
	all := 0.0
	pairs := float64(L*(L-1)) / 2
	for i := range L {
		for j := i + 1; j < L; j++ {
			site[i] += c[i][j] / float64(L-1)
			site[j] += c[i][j] / float64(L-1)
			all += c[i][j] / pairs
		}
	}
	out := make([][]float64, L)
	for i := range out {
		out[i] = make([]float64, L)
	}
	for i := range L {
		for j := i + 1; j < L; j++ {
			v := c[i][j]
			if all > 0 {
				v -= site[i] * site[j] / all
			}
			out[i][j], out[j][i] = v, v
		}
	}
	return out
}
