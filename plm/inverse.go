package plm

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Moments are what the mean-field inference methods read from equilibrium
// samples: the magnetisations m_i = ⟨s_i⟩ and the connected correlations
// C_ij = ⟨s_i s_j⟩ − m_i m_j (N×N, row-major).
type Moments struct {
	N int
	M []float64
	C []float64
}

// SampleMoments computes the moments of the samples (rows of x).
func SampleMoments(x *Patterns) (*Moments, error) {
	if err := x.Validate(); err != nil {
		return nil, err
	}
	n, p := x.N, x.P
	m := &Moments{N: n, M: make([]float64, n), C: make([]float64, n*n)}
	for mu := 0; mu < p; mu++ {
		row := x.Row(mu)
		for i, a := range row {
			m.M[i] += float64(a) / float64(p)
			for j, b := range row {
				m.C[i*n+j] += float64(a*b) / float64(p)
			}
		}
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			m.C[i*n+j] -= m.M[i] * m.M[j]
		}
	}
	return m, nil
}

// validate checks the moments' sizes and ranges.
func (m *Moments) validate() error {
	if m == nil || m.N < 2 || len(m.M) != m.N || len(m.C) != m.N*m.N {
		return errors.New("plm: moments need N ≥ 2, N magnetisations and N×N correlations")
	}
	for i, v := range m.M {
		if !(math.Abs(v) <= 1+1e-9) { // sums of ±1/P round past 1
			return fmt.Errorf("plm: magnetisation m_%d = %v is not in [−1, 1]", i, v)
		}
	}
	for k, v := range m.C {
		if !(math.Abs(v) <= 2) {
			return fmt.Errorf("plm: connected correlation C_%d,%d = %v is not a correlation of ±1 spins", k/m.N, k%m.N, v)
		}
	}
	return nil
}

// inverseC is C⁻¹, or an error naming why C cannot be inverted (fewer
// samples than spins, a frozen spin).
func (m *Moments) inverseC() (*mat.Dense, error) {
	if err := m.validate(); err != nil {
		return nil, err
	}
	for i := 0; i < m.N; i++ {
		if !(m.C[i*m.N+i] > 1e-12) {
			return nil, fmt.Errorf("plm: spin %d never fluctuates in the samples (C_ii = %v): mean-field inference needs every spin to", i, m.C[i*m.N+i])
		}
	}
	var inv mat.Dense
	if err := inv.Inverse(mat.NewDense(m.N, m.N, append([]float64(nil), m.C...))); err != nil {
		return nil, errors.New("plm: the correlation matrix is singular (fewer independent samples than spins?): mean-field inference needs C⁻¹")
	}
	return &inv, nil
}

// couplingsFrom builds symmetric couplings from f(i, j) for i < j.
func couplingsFrom(n int, f func(i, j int) float64) (*Couplings, error) {
	J := &Couplings{N: n, W: make([]float32, n*n)}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			v := f(i, j)
			if !finite(v) {
				return nil, fmt.Errorf("plm: inferred coupling J[%d][%d] is %v", i, j, v)
			}
			J.W[i*n+j], J.W[j*n+i] = float32(v), float32(v)
		}
	}
	return J, nil
}

// MeanField is naive mean-field inference: βJ_ij = −(C⁻¹)_ij (i ≠ j), exact
// to first order in the couplings.
func (m *Moments) MeanField() (*Couplings, error) {
	inv, err := m.inverseC()
	if err != nil {
		return nil, err
	}
	return couplingsFrom(m.N, func(i, j int) float64 { return -inv.At(i, j) })
}

// TAP adds the Onsager reaction term: (C⁻¹)_ij = −βJ_ij − 2(βJ_ij)² m_i m_j,
// solved for the root that continues the mean-field one. At zero
// magnetisation the reaction term vanishes and TAP is naive mean field.
func (m *Moments) TAP() (*Couplings, error) {
	inv, err := m.inverseC()
	if err != nil {
		return nil, err
	}
	return couplingsFrom(m.N, func(i, j int) float64 {
		c, mm := inv.At(i, j), m.M[i]*m.M[j]
		if math.Abs(mm) < 1e-12 {
			return -c
		}
		d := 1 - 8*mm*c
		if d < 0 {
			return -c // no real root: keep the mean-field value
		}
		return (-1 + math.Sqrt(d)) / (4 * mm)
	})
}

// Bethe is the Bethe (susceptibility-propagation) inversion in closed form
// (Ricci-Tersenghi 2012; Nguyen and Berg 2012): with c = (C⁻¹)_ij and
// L_i = 1 − m_i²,
//
//	βJ_ij = −atanh[ (√(1 + 4L_iL_j c²) − √((√(1 + 4L_iL_j c²) − 2m_im_j c)² − 4c²)) / (2c) − m_i m_j ],
//
// exact on trees, and βJ_ij = −½ asinh(2c) at zero magnetisation: mean
// field to first order in c, with the loops' corrections left out. A pair
// whose moments no two-spin Bethe measure has keeps the mean-field value.
func (m *Moments) Bethe() (*Couplings, error) {
	inv, err := m.inverseC()
	if err != nil {
		return nil, err
	}
	return couplingsFrom(m.N, func(i, j int) float64 {
		c, mm := inv.At(i, j), m.M[i]*m.M[j]
		if math.Abs(c) < 1e-300 {
			return 0
		}
		li, lj := 1-m.M[i]*m.M[i], 1-m.M[j]*m.M[j]
		r := math.Sqrt(1 + 4*li*lj*c*c)
		q := (r-2*mm*c)*(r-2*mm*c) - 4*c*c
		t := (r-math.Sqrt(q))/(2*c) - mm
		if q < 0 || !(math.Abs(t) < 1) {
			// No Bethe measure has these moments (sampling noise on a
			// strongly magnetised pair, typically): keep the mean-field
			// value, as TAP does where it has no real root.
			return -c
		}
		return -math.Atanh(t)
	})
}

// IndependentPair treats each pair alone: βJ_ij is the coupling of two
// spins with the measured m_i, m_j and ⟨s_i s_j⟩,
// ¼ log[(1+m_i+m_j+c)(1−m_i−m_j+c) / ((1+m_i−m_j−c)(1−m_i+m_j−c))] with
// c = ⟨s_i s_j⟩; exact for a system of two spins (and ½ atanh-like at m = 0).
func (m *Moments) IndependentPair() (*Couplings, error) {
	if err := m.validate(); err != nil {
		return nil, err
	}
	return couplingsFrom(m.N, func(i, j int) float64 {
		mi, mj := m.M[i], m.M[j]
		c := m.C[i*m.N+j] + mi*mj
		a, b := (1+mi+mj+c)*(1-mi-mj+c), (1+mi-mj-c)*(1-mi+mj-c)
		if !(a > 0 && b > 0) {
			return math.NaN() // a pair never seen in some state: infinite coupling
		}
		return math.Log(a/b) / 4
	})
}

// ReconstructionError is γ = ‖J − J_true‖_F / ‖J_true‖_F.
func ReconstructionError(J, truth *Couplings) (float64, error) {
	if J == nil || truth == nil {
		return math.NaN(), errors.New("plm: reconstruction error of nil couplings")
	}
	if J.N != truth.N || len(J.W) != len(truth.W) {
		return math.NaN(), fmt.Errorf("plm: couplings of N = %d against N = %d", J.N, truth.N)
	}
	var d, t float64
	for k, v := range truth.W {
		e := float64(J.W[k]) - float64(v)
		d, t = d+e*e, t+float64(v)*float64(v)
	}
	if t == 0 {
		return math.NaN(), errors.New("plm: the true couplings are zero")
	}
	return math.Sqrt(d / t), nil
}
