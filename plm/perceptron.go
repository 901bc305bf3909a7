package plm

import (
	"context"
	"fmt"
	"math"

	"github.com/plmlab/plmlab/internal/linalg"
)

// DefaultPerceptronEpochs caps Perceptron training when MaxEpochs is zero.
const DefaultPerceptronEpochs = 20000

// Perceptron trains every row J_i as a perceptron with labels ξ_i^μ, inputs
// ξ_{\i}^μ and required margin κ on the row-normalised stability:
// Δ_i^μ > κ for all μ, i.
//
// With MaxStability it finds instead, for every row, the couplings of
// maximal stability κ_max (Krauth–Mézard), by the AdaTron algorithm applied
// to all rows at once: the rows then reach Gardner's κ_max(α) for large N.
// Otherwise it runs the batch perceptron rule with margin from J = 0 (its
// first step is Hebb): every epoch adds ξ_i^μ ξ^μ/N to the rows where
// Δ_i^μ ≤ κ, until no such pair is left. It converges for κ < κ_max.
type Perceptron struct {
	Kappa        float64 // required margin (ignored with MaxStability)
	MaxStability bool
	MaxEpochs    int     // cap (default DefaultPerceptronEpochs)
	Tolerance    float64 // AdaTron tolerance on the stability conditions (default 1e-3)
	// Progress, if set, is called every epoch with the worst stability
	// (smallest Δ over all μ, i) reached so far.
	Progress func(epoch int, minDelta float64)
}

// NotConvergedError is returned with the last couplings when an iterative
// rule hits its epoch cap.
type NotConvergedError struct {
	Rule   string
	Epochs int
	Detail string
}

func (e *NotConvergedError) Error() string {
	return fmt.Sprintf("plm: %s did not converge in %d epochs (%s)", e.Rule, e.Epochs, e.Detail)
}

// Couplings trains the perceptrons. When the cap is hit it returns the
// last couplings together with a *NotConvergedError.
func (pc Perceptron) Couplings(ctx context.Context, xi *Patterns) (*Couplings, error) {
	if err := xi.Validate(); err != nil {
		return nil, err
	}
	if pc.MaxEpochs < 0 {
		return nil, fmt.Errorf("plm: perceptron MaxEpochs must be ≥ 0, got %d", pc.MaxEpochs)
	}
	if pc.MaxEpochs == 0 {
		pc.MaxEpochs = DefaultPerceptronEpochs
	}
	if pc.Tolerance == 0 {
		pc.Tolerance = 1e-3
	}
	if !(pc.Tolerance > 0 && pc.Tolerance < 1) {
		return nil, fmt.Errorf("plm: perceptron tolerance must be in (0, 1), got %v", pc.Tolerance)
	}
	if xi.N < 2 {
		return nil, fmt.Errorf("plm: perceptron needs N ≥ 2 spins, got %d", xi.N)
	}
	if pc.MaxStability {
		return pc.adatron(ctx, xi)
	}
	if math.IsNaN(pc.Kappa) || math.IsInf(pc.Kappa, 0) {
		return nil, fmt.Errorf("plm: perceptron margin κ must be finite, got %v", pc.Kappa)
	}
	km, err := KappaMax(xi.Alpha())
	if err != nil {
		return nil, err
	}
	if pc.Kappa >= km {
		return nil, fmt.Errorf("plm: margin κ = %v is not below Gardner's κ_max(α=%.4g) = %.4f: no solution for random patterns", pc.Kappa, xi.Alpha(), km)
	}
	return pc.batch(ctx, xi)
}

func (pc Perceptron) batch(ctx context.Context, xi *Patterns) (*Couplings, error) {
	p, n := xi.P, xi.N
	J := &Couplings{N: n, W: make([]float32, n*n)}
	h := make([]float32, p*n)
	m := make([]float32, p*n)
	norms := make([]float64, n)
	for epoch := 0; epoch < pc.MaxEpochs; epoch++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		linalg.Sgemm(false, true, p, n, n, 1, xi.Data, n, J.W, n, 0, h, n)
		copy(norms, J.RowNorms())
		wrong := 0
		worst := math.Inf(1)
		for mu := 0; mu < p; mu++ {
			for i := 0; i < n; i++ {
				k := mu*n + i
				d := 0.0
				if norms[i] > 0 {
					d = float64(xi.Data[k]) * float64(h[k]) / norms[i]
				}
				worst = math.Min(worst, d)
				if d <= pc.Kappa {
					m[k] = xi.Data[k]
					wrong++
				} else {
					m[k] = 0
				}
			}
		}
		if pc.Progress != nil {
			pc.Progress(epoch, worst)
		}
		if wrong == 0 {
			// Confirm with float64 fields, as the dynamics computes them, so
			// that tiny float32 margins cannot pass as stable.
			h64 := fields64(J.W, xi)
			for k := range m {
				if float64(xi.Data[k])*h64[k] <= pc.Kappa*norms[k%n] {
					m[k] = xi.Data[k]
					wrong++
				}
			}
			if wrong == 0 {
				return J, nil
			}
		}
		linalg.Sgemm(true, false, n, n, p, 1/float32(n), m, n, xi.Data, n, 1, J.W, n)
		J.ZeroDiagonal()
	}
	return J, &NotConvergedError{Rule: fmt.Sprintf("perceptron with margin κ=%v", pc.Kappa), Epochs: pc.MaxEpochs, Detail: "pairs with Δ ≤ κ remain"}
}

// adatron maximises the stability of every row: minimise ‖J_i‖² subject to
// ξ_i^μ J_i·ξ^μ ≥ 1, solved in the dual with embedding strengths
// x_i^μ ≥ 0 (J_i = (1/N) Σ_μ x_i^μ ξ_i^μ ξ^μ) by projected gradient ascent,
// all rows at once. At the optimum κ_i = 1/‖J_i‖.
func (pc Perceptron) adatron(ctx context.Context, xi *Patterns) (*Couplings, error) {
	p, n := xi.P, xi.N
	alpha := xi.Alpha()
	if alpha >= 2 {
		return nil, fmt.Errorf("plm: maximal-stability perceptron needs α < 2 (Gardner capacity), got α = %.4g", alpha)
	}
	// Step below 2/λ_max of the pattern correlation matrix ((1+√α)² for
	// random patterns).
	gamma := float32(1 / ((1 + math.Sqrt(alpha)) * (1 + math.Sqrt(alpha))))
	x := make([]float32, p*n) // x[μ*n+i] = x_i^μ
	for k := range x {
		x[k] = 1
	}
	J := &Couplings{N: n, W: make([]float32, n*n)}
	h := make([]float32, p*n)
	xs := make([]float32, p*n)
	update := func() {
		for k := range xs {
			xs[k] = x[k] * xi.Data[k]
		}
		linalg.Sgemm(true, false, n, n, p, 1/float32(n), xs, n, xi.Data, n, 0, J.W, n)
		J.ZeroDiagonal()
	}
	update()
	tol := float32(pc.Tolerance)
	for epoch := 0; epoch < pc.MaxEpochs; epoch++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		linalg.Sgemm(false, true, p, n, n, 1, xi.Data, n, J.W, n, 0, h, n)
		var viol float32
		for k := range x {
			e := xi.Data[k] * h[k]
			// KKT: e ≥ 1, and e = 1 wherever x > 0.
			if v := 1 - e; v > viol {
				viol = v
			}
			if x[k] > 0 {
				if v := e - 1; v > viol {
					viol = v
				}
			}
			x[k] = max(0, x[k]+gamma*(1-e))
		}
		if pc.Progress != nil && epoch%10 == 0 {
			pc.Progress(epoch, 1-float64(viol))
		}
		if viol < tol {
			return J, nil
		}
		update()
	}
	return J, &NotConvergedError{Rule: "maximal-stability perceptron (AdaTron)", Epochs: pc.MaxEpochs, Detail: "stability conditions not met to tolerance"}
}
