package plm

import (
	"context"
	"fmt"
	"math"

	"github.com/plmlab/plmlab/internal/linalg"
)

// VectorPseudoLikelihood trains vector couplings by gradient descent on
// the mean pseudo-likelihood loss of vector spins,
//
//	L(J) = (1/PN) Σ_μ Σ_i [−λ ξ_i^μ·h_i^μ + log Z_d(λ|h_i^μ|)],  h_i = Σ_{j≠i} J_ij ξ_j,
//
// the mean over patterns and sites of −log p(ξ_i | rest) for the von
// Mises–Fisher conditional (see LogVMFNormaliser); with d = 1 it is the
// Ising loss of PseudoLikelihood. Its gradient is
// ∂ℓ/∂h_i = λ(A_d(λ|h_i|) ĥ_i − ξ_i), A_d the mean resultant length. The
// options mean what they mean for PseudoLikelihood: λ = 1 with free norm,
// Hebb start, full-batch steps; GradClip rescales the whole gradient (the
// authors' clipping); LossScale InverseLambdaScale divides the gradient by
// λ. Each site's d rows of W are a separate problem: rows are computed in
// parallel, and the result does not depend on the number of threads
// (beyond the BLAS's own sums).
type VectorPseudoLikelihood struct {
	Lambda       float64 // default 1
	LearningRate float64 // default 10
	Epochs       int     // default 200
	Init         Init    // InitHebb (default) or InitZero
	Start        *VectorCouplings
	GradClip     float64
	LossScale    LossScale
	Progress     func(EpochLog)
}

// VectorTraining is the outcome of VectorPseudoLikelihood.Train.
type VectorTraining struct {
	J   *VectorCouplings
	Log []EpochLog
}

// vectorAligned is how close to 1 ξ_i·ĥ_i must be on every site for a
// pattern to count as stored (EpochLog.Stored): within 2.6° of its field.
// For d = 1 it is the sign condition of the Ising case.
const vectorAligned = 1e-3

func (pl VectorPseudoLikelihood) withDefaults() (VectorPseudoLikelihood, error) {
	if err := descentDefaults(&pl.Lambda, &pl.LearningRate, &pl.Epochs, pl.GradClip, pl.LossScale); err != nil {
		return pl, err
	}
	if pl.Init != InitHebb && pl.Init != InitZero {
		return pl, fmt.Errorf("plm: vector PL starts from Hebb or zero, not %v", pl.Init)
	}
	return pl, nil
}

// vectorBlock holds the PL problem of all sites.
type vectorBlock struct {
	x          *VectorPatterns
	n, d, nd   int
	W, H, S, G []float32
	patLoss    []float64
	patOK      []bool
}

func newVectorBlock(x *VectorPatterns) *vectorBlock {
	nd := x.N * x.D
	return &vectorBlock{x: x, n: x.N, d: x.D, nd: nd, W: make([]float32, nd*nd), H: make([]float32, x.P*nd),
		S: make([]float32, x.P*nd), G: make([]float32, nd*nd), patLoss: make([]float64, x.P), patOK: make([]bool, x.P)}
}

// forward computes the fields, the mean loss, S = ∂L/∂h (for the mean
// loss) and the fraction of patterns aligned with their fields on every
// site. Per-pattern sums are added in pattern order: the loss does not
// depend on the number of threads.
func (b *vectorBlock) forward(lambda float64) (loss, stored float64) {
	p, n, d, nd := b.x.P, b.n, b.d, b.nd
	linalg.Sgemm(false, true, p, nd, nd, 1, b.x.Data, nd, b.W, nd, 0, b.H, nd)
	c := 1 / float64(p*n)
	linalg.For(p, func(lo, hi int) {
		for mu := lo; mu < hi; mu++ {
			var l float64
			ok := true
			for i := 0; i < n; i++ {
				o := mu*nd + i*d
				xi, h, s := b.x.Data[o:o+d], b.H[o:o+d], b.S[o:o+d]
				var xh, hh float64
				for a := 0; a < d; a++ {
					xh += float64(xi[a]) * float64(h[a])
					hh += float64(h[a]) * float64(h[a])
				}
				norm := math.Sqrt(hh)
				kappa := lambda * norm
				l += LogVMFNormaliser(d, kappa) - lambda*xh
				r := 0.0 // A(κ)/|h|: the field's pull; 0 in a zero field
				if norm > 0 {
					r = VMFMeanLength(d, kappa) / norm
				}
				for a := 0; a < d; a++ {
					s[a] = float32(c * lambda * (r*float64(h[a]) - float64(xi[a])))
				}
				if !(norm > 0) || xh/norm < 1-vectorAligned {
					ok = false
				}
			}
			b.patLoss[mu], b.patOK[mu] = l, ok
		}
	})
	nok := 0
	for mu := 0; mu < p; mu++ {
		loss += b.patLoss[mu]
		if b.patOK[mu] {
			nok++
		}
	}
	return loss * c, float64(nok) / float64(p)
}

// gradient sets G = Sᵀx with zero diagonal blocks; it needs forward first.
func (b *vectorBlock) gradient() {
	linalg.Sgemm(true, false, b.nd, b.nd, b.x.P, 1, b.S, b.nd, b.x.Data, b.nd, 0, b.G, b.nd)
	zeroDiagonalBlocks(b.G, b.n, b.d)
}

// VectorPLLoss is the mean vector PL loss L(J).
func VectorPLLoss(J *VectorCouplings, x *VectorPatterns, lambda float64) (float64, error) {
	_, loss, err := vectorForward(J, x, lambda)
	return loss, err
}

// vectorForward checks its arguments and runs the forward pass on a block
// holding J.
func vectorForward(J *VectorCouplings, x *VectorPatterns, lambda float64) (*vectorBlock, float64, error) {
	if err := checkLambda(lambda); err != nil {
		return nil, math.NaN(), err
	}
	if err := J.checkPatterns(x); err != nil {
		return nil, math.NaN(), err
	}
	b := newVectorBlock(x)
	copy(b.W, J.W)
	loss, _ := b.forward(lambda)
	if !finite(loss) {
		return nil, math.NaN(), fmt.Errorf("plm: vector PL loss is %v at λ = %v", loss, lambda)
	}
	return b, loss, nil
}

// VectorPLGradient is ∂L/∂W of the mean loss, (Nd)×(Nd) row-major, zero
// on the diagonal blocks.
func VectorPLGradient(J *VectorCouplings, x *VectorPatterns, lambda float64) ([]float64, error) {
	b, _, err := vectorForward(J, x, lambda)
	if err != nil {
		return nil, err
	}
	b.gradient()
	g := make([]float64, len(b.G))
	for k, v := range b.G {
		g[k] = float64(v)
	}
	return g, nil
}

// Couplings trains and returns the couplings.
func (pl VectorPseudoLikelihood) Couplings(ctx context.Context, x *VectorPatterns) (*VectorCouplings, error) {
	t, err := pl.Train(ctx, x)
	if err != nil {
		return nil, err
	}
	return t.J, nil
}

// Train runs the training; on cancellation it returns what was trained so
// far with the context's error.
func (pl VectorPseudoLikelihood) Train(ctx context.Context, x *VectorPatterns) (*VectorTraining, error) {
	pl, err := pl.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := x.Validate(); err != nil {
		return nil, err
	}
	if x.N < 2 {
		return nil, fmt.Errorf("plm: vector PL training needs N ≥ 2 spins, got %d", x.N)
	}
	b := newVectorBlock(x)
	switch {
	case pl.Start != nil:
		if err := pl.Start.checkPatterns(x); err != nil {
			return nil, fmt.Errorf("plm: training start: %w", err)
		}
		copy(b.W, pl.Start.W)
	case pl.Init == InitHebb:
		h, err := VectorHebb(x)
		if err != nil {
			return nil, err
		}
		b.W = h.W
	}
	t := &VectorTraining{J: &VectorCouplings{N: x.N, D: x.D, W: b.W}}
	scale := 1.0
	if pl.LossScale == InverseLambdaScale {
		scale = 1 / pl.Lambda
	}
	for epoch := 0; ; epoch++ {
		loss, stored := b.forward(pl.Lambda)
		entry := EpochLog{Epoch: epoch, Loss: loss, Lambda: pl.Lambda * vectorMeanRowNorm(b.W, b.n, b.d), Stored: stored, LearningRate: pl.LearningRate}
		if !finite(loss) {
			t.log(pl, entry)
			return t, &NonFiniteError{Epoch: epoch, Quantity: "loss", Value: loss}
		}
		if epoch == pl.Epochs {
			t.log(pl, entry)
			return t, nil
		}
		if err := ctx.Err(); err != nil {
			t.log(pl, entry)
			return t, err
		}
		b.gradient()
		var sq float64
		for _, v := range b.G {
			sq += float64(v) * float64(v)
		}
		entry.GradNorm = scale * math.Sqrt(sq)
		t.log(pl, entry)
		if !finite(entry.GradNorm) {
			return t, &NonFiniteError{Epoch: epoch, Quantity: "gradient norm", Value: entry.GradNorm}
		}
		step := pl.LearningRate * scale
		if pl.GradClip > 0 && entry.GradNorm > pl.GradClip {
			step *= pl.GradClip / entry.GradNorm
		}
		linalg.Saxpy(float32(-step), b.G, b.W)
		zeroDiagonalBlocks(b.W, b.n, b.d)
		for k, v := range b.W {
			if v-v != 0 {
				return t, &NonFiniteError{Epoch: epoch, Quantity: "coupling", Value: float64(v), Row: k / b.nd, Col: k % b.nd}
			}
		}
	}
}

func (t *VectorTraining) log(pl VectorPseudoLikelihood, e EpochLog) {
	t.Log = append(t.Log, e)
	if pl.Progress != nil {
		pl.Progress(e)
	}
}

// vectorMeanRowNorm is the mean over sites of ‖J_i‖_F = (Σ_j ‖J_ij‖²)^{1/2}
// (d = 1: the mean row norm of the Ising couplings).
func vectorMeanRowNorm(w []float32, n, d int) float64 {
	nd := n * d
	var tot float64
	for i := 0; i < n; i++ {
		var s float64
		for _, v := range w[i*d*nd : (i+1)*d*nd] {
			s += float64(v) * float64(v)
		}
		tot += math.Sqrt(s)
	}
	return tot / float64(n)
}

// MeanRowNorm is the mean over sites of ‖J_i‖_F: λ(t)/λ for a free-norm
// training.
func (J *VectorCouplings) MeanRowNorm() float64 { return vectorMeanRowNorm(J.W, J.N, J.D) }
