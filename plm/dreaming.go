package plm

import (
	"context"
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/plmlab/plmlab/internal/linalg"
)

// Dreaming is the dreaming kernel of Fachechi, Agliari and Barra:
// J(t) = (1/N) ξᵀ (1+t)(I + tC)⁻¹ ξ with C_μν = ξ^μ·ξ^ν/N, diagonal then set
// to zero. Time T = 0 gives Hebb and T → ∞ the pseudo-inverse.
type Dreaming struct {
	// T is the dreaming time, T ≥ 0; +Inf gives the pseudo-inverse.
	T float64
}

// Couplings returns the dreaming couplings at time d.T.
func (d Dreaming) Couplings(ctx context.Context, xi *Patterns) (*Couplings, error) {
	if math.IsNaN(d.T) || d.T < 0 {
		return nil, fmt.Errorf("plm: dreaming time must be ≥ 0, got %v", d.T)
	}
	if math.IsInf(d.T, 1) {
		return PseudoInverse{}.Couplings(ctx, xi)
	}
	if err := xi.Validate(); err != nil {
		return nil, err
	}
	return kernelCouplings(xi, 1+d.T, d.T, 1)
}

// PseudoInverse is the projector rule of Kanter and Sompolinsky,
// J = (1/N) ξᵀ C⁻¹ ξ with C_μν = ξ^μ·ξ^ν/N, diagonal set to zero. Every
// pattern is a fixed point for α < 1 (the diagonal removed is ≈ α < 1).
type PseudoInverse struct{}

// Couplings returns the projector couplings; linearly dependent patterns
// (for instance P > N) make C singular, which is an error.
func (PseudoInverse) Couplings(ctx context.Context, xi *Patterns) (*Couplings, error) {
	if err := xi.Validate(); err != nil {
		return nil, err
	}
	if xi.P >= xi.N {
		return nil, fmt.Errorf("plm: pseudo-inverse needs P < N (α < 1), got P=%d N=%d; use Dreaming with finite T", xi.P, xi.N)
	}
	return kernelCouplings(xi, 1, 1, 0)
}

// kernelCouplings returns J = (scale/N) ξᵀ (c·C + d·I)⁻¹ ξ with zero diagonal.
func kernelCouplings(xi *Patterns, scale, c, d float64) (*Couplings, error) {
	p, n := xi.P, xi.N
	x := make([]float64, p*n)
	for k, v := range xi.Data {
		x[k] = float64(v)
	}
	cm := make([]float64, p*p)
	linalg.Dgemm(false, true, p, p, n, c/float64(n), x, n, x, n, 0, cm, p)
	for mu := 0; mu < p; mu++ {
		cm[mu*p+mu] += d
	}
	var chol mat.Cholesky
	if ok := chol.Factorize(mat.NewSymDense(p, cm)); !ok {
		return nil, errors.New("plm: pattern correlation matrix is singular (linearly dependent or repeated patterns)")
	}
	if cond := chol.Cond(); cond > 1e12 {
		return nil, fmt.Errorf("plm: pattern correlation matrix is ill-conditioned (condition number %.3g)", cond)
	}
	var y mat.Dense
	if err := chol.SolveTo(&y, mat.NewDense(p, n, x)); err != nil {
		return nil, fmt.Errorf("plm: solving with the pattern correlation matrix: %w", err)
	}
	yf := make([]float32, p*n)
	for mu := 0; mu < p; mu++ {
		for i := 0; i < n; i++ {
			yf[mu*n+i] = float32(y.At(mu, i))
		}
	}
	J := &Couplings{N: n, W: make([]float32, n*n)}
	linalg.Sgemm(true, false, n, n, p, float32(scale/float64(n)), xi.Data, n, yf, n, 0, J.W, n)
	J.ZeroDiagonal()
	return J, nil
}
