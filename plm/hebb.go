package plm

import (
	"context"

	"github.com/plmlab/plmlab/internal/linalg"
)

// Hebb is the Hebbian rule J_ij = (1/N) Σ_μ ξ_i^μ ξ_j^μ, J_ii = 0.
// Its stabilities at random patterns are Gaussian with mean 1/√α and unit
// variance; it stores patterns up to α_c ≈ 0.138.
type Hebb struct{}

// Couplings returns the Hebbian couplings of xi.
func (Hebb) Couplings(ctx context.Context, xi *Patterns) (*Couplings, error) {
	if err := xi.Validate(); err != nil {
		return nil, err
	}
	return hebbCouplings(xi), nil
}

func hebbCouplings(xi *Patterns) *Couplings {
	n := xi.N
	J := &Couplings{N: n, W: make([]float32, n*n)}
	linalg.Sgemm(true, false, n, n, xi.P, 1/float32(n), xi.Data, n, xi.Data, n, 0, J.W, n)
	J.ZeroDiagonal()
	return J
}
