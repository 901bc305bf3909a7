package plm

import (
	"errors"
	"fmt"
	"math"
)

// MaxEnumerationSpins bounds ExactBoltzmann: 2^N states are enumerated.
const MaxEnumerationSpins = 20

// Boltzmann is the exact equilibrium distribution
// p(x) = e^{−βH(x)}/Z with H(x) = −½ Σ_{i≠j} J_ij x_i x_j of symmetric
// couplings, by enumeration of all 2^N states (N ≤ MaxEnumerationSpins).
type Boltzmann struct {
	N    int
	Beta float64
	LogZ float64
	J    *Couplings
}

// ExactBoltzmann enumerates the states of symmetric couplings J at inverse
// temperature β.
func ExactBoltzmann(J *Couplings, beta float64) (*Boltzmann, error) {
	if err := J.Validate(); err != nil {
		return nil, err
	}
	if J.N > MaxEnumerationSpins {
		return nil, fmt.Errorf("plm: exact enumeration of N = %d spins (2^N states) is refused above N = %d", J.N, MaxEnumerationSpins)
	}
	if !isSymmetric(J) {
		return nil, errors.New("plm: the Boltzmann distribution needs symmetric couplings (J = Jᵀ)")
	}
	if !(beta >= 0) || math.IsInf(beta, 0) {
		return nil, fmt.Errorf("plm: inverse temperature β must be finite and ≥ 0, got %v", beta)
	}
	b := &Boltzmann{N: J.N, Beta: beta, J: J}
	x := make([]float32, J.N)
	maxE := math.Inf(-1)
	var logws []float64
	for s := 0; s < 1<<J.N; s++ {
		for i := range x {
			x[i] = float32(int(s>>i&1)*2 - 1)
		}
		lw := -beta * b.Energy(x)
		logws = append(logws, lw)
		maxE = math.Max(maxE, lw)
	}
	var sum float64
	for _, lw := range logws {
		sum += math.Exp(lw - maxE)
	}
	b.LogZ = maxE + math.Log(sum)
	return b, nil
}

// Energy is H(x) = −½ Σ_{i≠j} J_ij x_i x_j.
func (b *Boltzmann) Energy(x []float32) float64 {
	n := b.N
	var e float64
	for i := 0; i < n; i++ {
		var h float64
		for j := 0; j < n; j++ {
			h += float64(b.J.W[i*n+j]) * float64(x[j])
		}
		e -= 0.5 * float64(x[i]) * h
	}
	return e
}

// Each calls visit with every state and its probability p(x), states in
// the order s = 0 … 2^N − 1 with x_i = +1 where bit i of s is set (the
// order ExactBoltzmann enumerates them in). x is reused between calls.
func (b *Boltzmann) Each(visit func(x []float32, p float64)) {
	x := make([]float32, b.N)
	for s := 0; s < 1<<b.N; s++ {
		for i := range x {
			x[i] = float32(int(s>>i&1)*2 - 1)
		}
		visit(x, math.Exp(b.LogProb(x)))
	}
}

// LogProb is log p(x) = −βH(x) − log Z.
func (b *Boltzmann) LogProb(x []float32) float64 { return -b.Beta*b.Energy(x) - b.LogZ }

// ConditionalLogProb is log p(x_i | x_{\i}) = log p(x) − log(p(x) + p(x with
// spin i flipped)), from the joint distribution alone.
func (b *Boltzmann) ConditionalLogProb(x []float32, i int) float64 {
	y := append([]float32(nil), x...)
	y[i] = -y[i]
	lp, lq := b.LogProb(x), b.LogProb(y)
	m := math.Max(lp, lq)
	return lp - (m + math.Log(math.Exp(lp-m)+math.Exp(lq-m)))
}

func isSymmetric(J *Couplings) bool {
	n := J.N
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			a, b := float64(J.W[i*n+j]), float64(J.W[j*n+i])
			if math.Abs(a-b) > 1e-6*math.Max(1, math.Abs(a)) {
				return false
			}
		}
	}
	return true
}
