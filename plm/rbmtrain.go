package plm

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/plmlab/plmlab/internal/linalg"
)

// BiasedRBM is a binary–Gaussian RBM with visible biases, at β = 1:
// p(σ, z) ∝ exp(−|z|²/2 + σᵀWz + bᵀσ). Its σ-marginal is the Hopfield
// model with couplings W Wᵀ (a rank-P symmetric matrix) and fields b.
type BiasedRBM struct {
	N, P int
	W    []float64 // N×P row-major
	B    []float64 // N visible biases
}

// RBMEpoch logs one epoch of RBMTrainer.
type RBMEpoch struct {
	Epoch int `json:"epoch"`
	// TrainPL and TestPL are the mean pseudo-likelihood losses of the
	// marginal Hopfield model, −log p(σ_i | σ_{\i}) per pixel, on the
	// training and test sets (the loss PL minimises directly).
	TrainPL float64 `json:"train_pl"`
	TestPL  float64 `json:"test_pl"`
}

// RBMTrainer trains a BiasedRBM by contrastive divergence CD-K on
// mini-batches: the log-likelihood gradient ⟨σ (Wᵀσ)ᵀ⟩_data − ⟨σ (Wᵀσ)ᵀ⟩_model
// for W and ⟨σ⟩_data − ⟨σ⟩_model for b, the model averages taken after K
// block Gibbs steps from the batch.
type RBMTrainer struct {
	Epochs       int
	LearningRate float64
	Batch        int
	K            int // Gibbs steps per update (default 1)
	Seed         uint64
	Progress     func(RBMEpoch)
}

// IndependentBiases are b_i = atanh⟨σ_i⟩ (clamped): the fields of
// independent pixels with the data's means, the usual start of the biases.
func IndependentBiases(x *Patterns) []float64 {
	if x == nil || x.P < 1 {
		return nil // no patterns, no biases
	}
	b := make([]float64, x.N)
	for mu := 0; mu < x.P; mu++ {
		for i, v := range x.Row(mu) {
			b[i] += float64(v) / float64(x.P)
		}
	}
	for i, m := range b {
		b[i] = math.Atanh(math.Max(-0.99, math.Min(0.99, m)))
	}
	return b
}

// Train runs the epochs from start (modified in place and returned) and
// logs the pseudo-likelihood losses before the first epoch and after each.
func (t RBMTrainer) Train(ctx context.Context, start *BiasedRBM, train, test *Patterns) ([]RBMEpoch, error) {
	if t.K == 0 {
		t.K = 1
	}
	switch {
	case t.Epochs < 0 || t.K < 1 || t.Batch < 1:
		return nil, fmt.Errorf("plm: RBM training needs epochs ≥ 0, K ≥ 1 and a batch ≥ 1, got %d, %d, %d", t.Epochs, t.K, t.Batch)
	case !(t.LearningRate > 0) || math.IsInf(t.LearningRate, 0):
		return nil, fmt.Errorf("plm: RBM learning rate must be positive and finite, got %v", t.LearningRate)
	case start == nil || len(start.W) != start.N*start.P || len(start.B) != start.N:
		return nil, errors.New("plm: malformed RBM start")
	}
	for _, x := range []*Patterns{train, test} {
		if err := x.Validate(); err != nil {
			return nil, err
		}
		if x.N != start.N {
			return nil, fmt.Errorf("plm: images of %d pixels for an RBM of %d visible units", x.N, start.N)
		}
	}
	r := start
	n, p := r.N, r.P
	rng := rand.New(rand.NewPCG(t.Seed, 0xcd))
	perm := rng.Perm(train.P)
	var log []RBMEpoch
	record := func(e int) {
		entry := RBMEpoch{Epoch: e, TrainPL: r.PseudoLikelihoodLoss(train), TestPL: r.PseudoLikelihoodLoss(test)}
		log = append(log, entry)
		if t.Progress != nil {
			t.Progress(entry)
		}
	}
	record(0)
	gw, gb := make([]float64, n*p), make([]float64, n)
	sigma, h, z := make([]float64, n), make([]float64, p), make([]float64, p)
	for e := 1; e <= t.Epochs; e++ {
		if err := ctx.Err(); err != nil {
			return log, err
		}
		rng.Shuffle(len(perm), func(a, b int) { perm[a], perm[b] = perm[b], perm[a] })
		for lo := 0; lo < len(perm); lo += t.Batch {
			batch := perm[lo:min(lo+t.Batch, len(perm))]
			clear(gw)
			clear(gb)
			for _, mu := range batch {
				for i, v := range train.Row(mu) {
					sigma[i] = float64(v)
				}
				r.accumulate(sigma, h, gw, gb, 1) // data term
				for k := 0; k < t.K; k++ {
					r.gibbs(sigma, h, z, rng)
				}
				r.accumulate(sigma, h, gw, gb, -1) // model term
			}
			step := t.LearningRate / float64(len(batch))
			linalg.Daxpy(step, gw, r.W)
			linalg.Daxpy(step, gb, r.B)
		}
		for _, v := range r.W {
			if !finite(v) {
				return log, &NonFiniteError{Epoch: e, Quantity: "RBM weight", Value: v}
			}
		}
		record(e)
	}
	return log, nil
}

// accumulate adds sign·σ (Wᵀσ)ᵀ to gw and sign·σ to gb.
func (r *BiasedRBM) accumulate(sigma, h, gw, gb []float64, sign float64) {
	r.hiddenMean(sigma, h)
	for i, s := range sigma {
		row := gw[i*r.P : (i+1)*r.P]
		for mu, v := range h {
			row[mu] += sign * s * v
		}
		gb[i] += sign * s
	}
}

func (r *BiasedRBM) hiddenMean(sigma, h []float64) { hiddenField(r.W, r.P, sigma, h) }

// gibbs is one block Gibbs step in place: z ~ N(Wᵀσ, 1), then σ | z.
func (r *BiasedRBM) gibbs(sigma, h, z []float64, rng *rand.Rand) {
	blockGibbs(r.W, r.P, r.B, 1, sigma, h, z, rng)
}

// PseudoLikelihoodLoss is the mean over images and pixels of
// −log p(σ_i | σ_{\i}) = log(1 + e^{−2σ_i h_i}) for the marginal Hopfield
// model, h_i = Σ_{j≠i} (W Wᵀ)_ij σ_j + b_i.
func (r *BiasedRBM) PseudoLikelihoodLoss(x *Patterns) float64 {
	n, p := r.N, r.P
	diag := make([]float64, n)
	for i := 0; i < n; i++ {
		for _, w := range r.W[i*p : (i+1)*p] {
			diag[i] += w * w
		}
	}
	losses := make([]float64, x.P)
	linalg.For(x.P, func(lo, hi int) {
		h := make([]float64, p)
		sigma := make([]float64, n)
		for mu := lo; mu < hi; mu++ {
			for i, v := range x.Row(mu) {
				sigma[i] = float64(v)
			}
			r.hiddenMean(sigma, h)
			var l float64
			for i, s := range sigma {
				f := r.B[i] - diag[i]*s
				for k, w := range r.W[i*p : (i+1)*p] {
					f += w * h[k]
				}
				l += softplus(-2 * s * f)
			}
			losses[mu] = l
		}
	})
	var tot float64
	for _, l := range losses {
		tot += l
	}
	return tot / float64(x.P*n)
}
