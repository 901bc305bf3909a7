package data

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/plm"
)

// CouplingKind is the distribution of the Edwards–Anderson couplings.
type CouplingKind int

const (
	// PlusMinusJ draws J = ±1 with equal probability (multi-spin coded
	// sampler).
	PlusMinusJ CouplingKind = iota
	// Gaussian draws J from N(0, 1) (plain sampler).
	Gaussian
)

func (k CouplingKind) String() string {
	switch k {
	case PlusMinusJ:
		return "±J"
	case Gaussian:
		return "gaussian"
	}
	return fmt.Sprintf("CouplingKind(%d)", int(k))
}

// EA2D is one instance of the two-dimensional Edwards–Anderson spin glass
// on an L×L periodic lattice, H(s) = −Σ_<ij> J_ij s_i s_j over nearest
// neighbours. Site (x, y) has index y·L + x; Right[i] couples i to its
// right neighbour and Down[i] to the one below.
type EA2D struct {
	L           int
	Kind        CouplingKind
	Seed        uint64
	Right, Down []float64
}

// NewEA2D draws the couplings of an L×L instance (L even, ≥ 4).
func NewEA2D(l int, kind CouplingKind, seed uint64) (*EA2D, error) {
	if l < 4 || l%2 != 0 {
		return nil, fmt.Errorf("data: EA2D needs an even side L ≥ 4 (checkerboard updates), got %d", l)
	}
	if kind != PlusMinusJ && kind != Gaussian {
		return nil, fmt.Errorf("data: unknown coupling kind %d", int(kind))
	}
	if err := limits.Check("data: EA2D couplings (two per site)", 16, l, l); err != nil {
		return nil, err
	}
	m := &EA2D{L: l, Kind: kind, Seed: seed, Right: make([]float64, l*l), Down: make([]float64, l*l)}
	r := rand.New(rand.NewPCG(seed, 0xea2d))
	for i := range m.Right {
		for _, j := range []*float64{&m.Right[i], &m.Down[i]} {
			if kind == Gaussian {
				*j = r.NormFloat64()
			} else {
				*j = float64(2*int(r.Uint64()&1) - 1)
			}
		}
	}
	return m, nil
}

// N is the number of spins L².
func (m *EA2D) N() int { return m.L * m.L }

func (m *EA2D) right(i int) int { return i - i%m.L + (i%m.L+1)%m.L }
func (m *EA2D) down(i int) int  { return (i + m.L) % (m.L * m.L) }

// Energy is H(s) for ±1 spins.
func (m *EA2D) Energy(s []float32) float64 {
	var e float64
	for i := range m.Right {
		e -= m.Right[i] * float64(s[i]*s[m.right(i)])
		e -= m.Down[i] * float64(s[i]*s[m.down(i)])
	}
	return e
}

// Couplings returns the N×N symmetric coupling matrix J (each spin has four
// neighbours); with PL at λ = 1 the learned couplings estimate J/T.
func (m *EA2D) Couplings() *plm.Couplings {
	n := m.N()
	J := &plm.Couplings{N: n, W: make([]float32, n*n)}
	for i := 0; i < n; i++ {
		for _, nb := range [][2]float64{{float64(m.right(i)), m.Right[i]}, {float64(m.down(i)), m.Down[i]}} {
			j := int(nb[0])
			J.W[i*n+j] += float32(nb[1])
			J.W[j*n+i] += float32(nb[1])
		}
	}
	return J
}

// ExactMeanEnergy enumerates all 2^N states (N ≤ 20) and returns the
// equilibrium mean energy per spin at temperature T.
func (m *EA2D) ExactMeanEnergy(T float64) (float64, error) {
	n := m.N()
	if n > 20 {
		return 0, fmt.Errorf("data: exact enumeration of %d spins refused (N ≤ 20)", n)
	}
	if !(T > 0) || math.IsInf(T, 0) {
		return 0, fmt.Errorf("data: temperature must be finite and > 0, got %v", T)
	}
	s := make([]float32, n)
	var z, ez, e0 float64
	first := true
	for st := 0; st < 1<<n; st++ {
		for i := range s {
			s[i] = float32(int(st>>i&1)*2 - 1)
		}
		e := m.Energy(s)
		if first {
			e0, first = e, false
		}
		w := math.Exp(-(e - e0) / T)
		z += w
		ez += w * e
	}
	return ez / z / float64(n), nil
}
