package plm

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/internal/linalg"
)

// Init selects the couplings pseudo-likelihood training starts from.
type Init int

const (
	// InitHebb starts from the Hebbian couplings (the authors' choice).
	InitHebb Init = iota
	// InitRandom starts from i.i.d. Gaussian couplings of variance 1/N.
	InitRandom
	// InitZero starts from J = 0.
	InitZero
	// InitUniform starts from i.i.d. couplings uniform in ±1/√N: PyTorch's
	// default for nn.Linear, the start of the authors' spin-glass runs.
	InitUniform
)

func (i Init) String() string {
	switch i {
	case InitHebb:
		return "hebb"
	case InitRandom:
		return "random"
	case InitZero:
		return "zero"
	case InitUniform:
		return "uniform"
	}
	return fmt.Sprintf("Init(%d)", int(i))
}

// LossScale is the scale of the loss that gradient descent follows. The
// minimiser is the same; the gradient, and so what a learning rate and a
// gradient clip mean, differ by the factor λ.
type LossScale int

const (
	// CrossEntropyScale is plmlab's loss: the mean over sites and patterns
	// of log(1 + e^{−2λ ξ_i h_i}), the cross-entropy of the conditionals.
	CrossEntropyScale LossScale = iota
	// InverseLambdaScale is the authors' loss (Francill99/
	// PseudoLikelihood_Analysis, src/model/model.py): −ξ_i h_i +
	// λ⁻¹ log 2cosh(λ h_i), which is the cross-entropy divided by λ. At λ = 1
	// nothing changes; at λ = 0.1 (their MNIST runs) gradients are 10× those
	// of CrossEntropyScale, so their learning rate 100 is 1000 in ours.
	InverseLambdaScale
)

func (s LossScale) String() string {
	switch s {
	case CrossEntropyScale:
		return "cross-entropy"
	case InverseLambdaScale:
		return "inverse-lambda"
	}
	return fmt.Sprintf("LossScale(%d)", int(s))
}

// Defaults of PseudoLikelihood used when a field is left zero.
const (
	DefaultLambda       = 1.0
	DefaultLearningRate = 10.0
	DefaultEpochs       = 200
)

// PseudoLikelihood trains couplings by full-batch gradient descent on the
// mean pseudo-likelihood loss (see PseudoLikelihoodLoss). It is a Rule.
//
// The paper's main protocol is the default: λ = 1 with free norm, so ‖J‖
// grows under gradient descent and the effective inverse temperature is
// λ(t) = λ·mean_i ‖J_i(t)‖ (EpochLog.Lambda). With FixedNorm the rows are
// projected on ‖J_i‖ = 1 after every step, so λ is the inverse temperature
// of the replica theory (equivalently rows on ‖J_i‖² = N with fields
// divided by √N).
//
// Without Symmetric and without whole-matrix clipping, the N rows are N
// independent perceptrons; TrainRow trains one alone and gives the same row.
type PseudoLikelihood struct {
	Lambda       float64 // inverse temperature in the loss (default 1)
	LearningRate float64 // gradient step on the mean loss (default 10)
	Epochs       int     // number of full-batch steps (default 200)
	Init         Init
	Seed         uint64 // for InitRandom
	// Start, if set, is where training starts instead of Init (a copy is
	// taken): continue a training, or start from any rule's couplings.
	Start *Couplings
	// GradClip, if > 0, rescales the gradient to Frobenius norm at most
	// GradClip (the authors clip at 20). With ClipRows each row's gradient
	// is clipped on its own, which keeps the rows independent.
	GradClip  float64
	ClipRows  bool
	FixedNorm bool // rows on the unit sphere, explicit λ
	Symmetric bool // symmetrised gradient and start: J = Jᵀ throughout
	// LRDecay, if > 0, multiplies the learning rate after every epoch (the
	// authors' spin-glass runs use 0.999).
	LRDecay float64
	// BatchSize, if > 0 and < P, makes every epoch a pass of mini-batch
	// steps over a fresh permutation of the patterns (drawn from Seed); the
	// loss of a step is the mean over its batch. 0 is full batch.
	BatchSize int
	// LossScale selects the loss gradient descent follows: plmlab's
	// cross-entropy (default) or the authors' λ⁻¹ scale. The learning rate
	// and GradClip apply to that loss's gradient; EpochLog.Loss is always
	// the cross-entropy.
	LossScale LossScale
	// Recover, on a non-finite loss or gradient, scales the couplings and
	// the learning rate by 0.1 and goes on, as the authors' code does. By
	// default training stops with a *NonFiniteError; it always does when a
	// coupling itself becomes non-finite.
	Recover bool
	// Progress, if set, receives the log entry of every epoch as it is made.
	Progress func(EpochLog)
}

// EpochLog describes the couplings after Epoch gradient steps (entry 0 is
// the initial couplings).
type EpochLog struct {
	Epoch int `json:"epoch"`
	// Loss is the mean PL loss at these couplings.
	Loss float64 `json:"loss"`
	// Lambda is λ times the mean row norm: the effective inverse
	// temperature λ(t).
	Lambda float64 `json:"lambda"`
	// Stored is the fraction of training patterns that are fixed points.
	Stored float64 `json:"stored"`
	// GradNorm is the Frobenius norm of the gradient before clipping, on
	// the training's LossScale.
	GradNorm float64 `json:"grad_norm"`
	// LearningRate in force (it drops tenfold after a non-finite step).
	LearningRate float64 `json:"learning_rate"`
}

// Training is the outcome of Train.
type Training struct {
	J   *Couplings `json:"-"`
	Log []EpochLog `json:"log"`
}

// descentDefaults fills the zero options shared by the PL trainers (Ising
// and vector) and checks them.
func descentDefaults(lambda, lr *float64, epochs *int, clip float64, scale LossScale) error {
	if *lambda == 0 {
		*lambda = DefaultLambda
	}
	if *lr == 0 {
		*lr = DefaultLearningRate
	}
	if *epochs == 0 {
		*epochs = DefaultEpochs
	}
	if err := checkLambda(*lambda); err != nil {
		return err
	}
	switch {
	case !(*lr > 0) || *lr > math.MaxFloat32:
		return fmt.Errorf("plm: learning rate must be > 0 and at most %g (float32 arithmetic), got %v", math.MaxFloat32, *lr)
	case *epochs < 0:
		return fmt.Errorf("plm: epochs must be ≥ 0, got %d", *epochs)
	case math.IsNaN(clip) || clip < 0:
		return fmt.Errorf("plm: gradient clip must be ≥ 0, got %v", clip)
	case scale < CrossEntropyScale || scale > InverseLambdaScale:
		return fmt.Errorf("plm: unknown loss scale %d", int(scale))
	}
	return nil
}

func (pl PseudoLikelihood) withDefaults() (PseudoLikelihood, error) {
	if err := descentDefaults(&pl.Lambda, &pl.LearningRate, &pl.Epochs, pl.GradClip, pl.LossScale); err != nil {
		return pl, err
	}
	switch {
	case pl.Init < InitHebb || pl.Init > InitUniform:
		return pl, fmt.Errorf("plm: unknown initialisation %d", int(pl.Init))
	case pl.FixedNorm && pl.Symmetric:
		return pl, errors.New("plm: FixedNorm and Symmetric cannot be combined (row normalisation breaks symmetry)")
	case math.IsNaN(pl.LRDecay) || pl.LRDecay < 0 || pl.LRDecay > 1:
		return pl, fmt.Errorf("plm: learning-rate decay must be in [0, 1], got %v", pl.LRDecay)
	case pl.BatchSize < 0:
		return pl, fmt.Errorf("plm: batch size must be ≥ 0, got %d", pl.BatchSize)
	case pl.FixedNorm && pl.Init == InitZero:
		return pl, errors.New("plm: FixedNorm needs a non-zero start (InitHebb or InitRandom)")
	}
	return pl, nil
}

// Couplings trains and returns the couplings.
func (pl PseudoLikelihood) Couplings(ctx context.Context, xi *Patterns) (*Couplings, error) {
	t, err := pl.Train(ctx, xi)
	if err != nil {
		return nil, err
	}
	return t.J, nil
}

// Train runs the training. On cancellation it returns what was trained so
// far together with the context's error.
func (pl PseudoLikelihood) Train(ctx context.Context, xi *Patterns) (*Training, error) {
	pl, err := pl.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := xi.Validate(); err != nil {
		return nil, err
	}
	if xi.N < 2 {
		return nil, fmt.Errorf("plm: PL training needs N ≥ 2 spins, got %d", xi.N)
	}
	b := newPLBlock(xi, 0, xi.N)
	if pl.Start != nil {
		if err := pl.Start.checkPatterns(xi); err != nil {
			return nil, fmt.Errorf("plm: training start: %w", err)
		}
		copy(b.W, pl.Start.W)
		if pl.FixedNorm {
			normaliseRows(b.W, b.n)
		}
	} else {
		pl.initRows(b, xi)
	}
	t := &Training{J: &Couplings{N: xi.N, W: b.W}}
	err = pl.run(ctx, b, func(e EpochLog) {
		t.Log = append(t.Log, e)
		if pl.Progress != nil {
			pl.Progress(e)
		}
	})
	return t, err
}

// TrainRow trains row i alone: the perceptron of site i with labels ξ_i^μ
// and inputs ξ_{\i}^μ. Its loss terms keep the 1/(PN) normalisation of the
// full loss, so with the same settings it returns the row Train would give
// (Symmetric and whole-matrix clipping couple rows and are refused).
func (pl PseudoLikelihood) TrainRow(ctx context.Context, xi *Patterns, i int) ([]float32, error) {
	pl, err := pl.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := xi.Validate(); err != nil {
		return nil, err
	}
	if i < 0 || i >= xi.N {
		return nil, fmt.Errorf("plm: row %d out of range [0,%d)", i, xi.N)
	}
	if pl.Symmetric {
		return nil, errors.New("plm: symmetric couplings cannot be trained one row at a time")
	}
	if pl.GradClip > 0 && !pl.ClipRows {
		return nil, errors.New("plm: whole-matrix gradient clipping couples rows; set ClipRows to train one row")
	}
	b := newPLBlock(xi, i, 1)
	if pl.Start != nil {
		if err := pl.Start.checkPatterns(xi); err != nil {
			return nil, fmt.Errorf("plm: training start: %w", err)
		}
		copy(b.W, pl.Start.Row(i))
		if pl.FixedNorm {
			normaliseRows(b.W, b.n)
		}
	} else {
		pl.initRows(b, xi)
	}
	pl.Progress = nil
	err = pl.run(ctx, b, func(EpochLog) {})
	return b.W, err
}

// initRows fills the block's rows with the chosen start.
func (pl PseudoLikelihood) initRows(b *plBlock, xi *Patterns) {
	n := b.n
	switch pl.Init {
	case InitHebb:
		if b.nb == n {
			copy(b.W, hebbCouplings(xi).W)
			break
		}
		for k := 0; k < b.nb; k++ {
			i := b.r0 + k
			row := b.W[k*n : (k+1)*n]
			for mu := 0; mu < xi.P; mu++ {
				si := xi.Data[mu*n+i] / float32(n)
				x := xi.Row(mu)
				for j := range row {
					row[j] += si * x[j]
				}
			}
			row[i] = 0
		}
	case InitRandom, InitUniform:
		// Row i draws from its own stream, so a block's rows do not depend
		// on which other rows are trained with it.
		sd := 1 / math.Sqrt(float64(n))
		for k := 0; k < b.nb; k++ {
			i := b.r0 + k
			rng := rand.New(rand.NewPCG(pl.Seed, uint64(i)))
			row := b.W[k*n : (k+1)*n]
			for j := range row {
				if pl.Init == InitUniform {
					row[j] = float32((2*rng.Float64() - 1) * sd)
				} else {
					row[j] = float32(rng.NormFloat64() * sd)
				}
			}
			row[i] = 0
		}
		if pl.Symmetric {
			symmetrise(b.W, n)
		}
	}
	if pl.FixedNorm {
		normaliseRows(b.W, n)
	}
}

func normaliseRows(w []float32, n int) {
	for k := 0; k*n < len(w); k++ {
		row := w[k*n : (k+1)*n]
		var s float64
		for _, v := range row {
			s += float64(v) * float64(v)
		}
		if s > 0 {
			f := float32(1 / math.Sqrt(s))
			for j := range row {
				row[j] *= f
			}
		}
	}
}

func meanRowNorm(w []float32, n int) float64 {
	sq := make([]float64, len(w)/n)
	rowSquares(w, n, sq)
	var tot float64
	for _, v := range sq {
		tot += math.Sqrt(v)
	}
	return tot / float64(len(sq))
}

// rowSquares sets sq[k] to the squared norm of row k of w (rows of n),
// rows in parallel, each summed in float64 in order.
func rowSquares(w []float32, n int, sq []float64) {
	linalg.For(len(sq), func(lo, hi int) {
		for k := lo; k < hi; k++ {
			var s float64
			for _, v := range w[k*n : (k+1)*n] {
				s += float64(v) * float64(v)
			}
			sq[k] = s
		}
	})
}

// run performs the epochs on block b, logging before every step and after
// the last one.
func (pl PseudoLikelihood) run(ctx context.Context, b *plBlock, log func(EpochLog)) error {
	lr := pl.LearningRate
	var perm []int
	var buf []float32
	var shuffle *rand.Rand
	if pl.BatchSize > 0 && pl.BatchSize < b.pAll {
		perm = make([]int, b.pAll)
		for k := range perm {
			perm[k] = k
		}
		buf = make([]float32, pl.BatchSize*b.n)
		// The permutations do not depend on which rows are trained.
		shuffle = rand.New(rand.NewPCG(pl.Seed, 0xba7c4))
	}
	for epoch := 0; ; epoch++ {
		b.useBatch(nil, nil)
		loss, stored := b.forward(pl.Lambda)
		entry := EpochLog{Epoch: epoch, Loss: loss, Lambda: pl.Lambda * meanRowNorm(b.W, b.n), Stored: stored, LearningRate: lr}
		if !finite(loss) {
			if !pl.Recover {
				log(entry)
				return &NonFiniteError{Epoch: epoch, Quantity: "loss", Value: loss}
			}
			recoverStep(b.W, &lr)
			log(entry)
			continue
		}
		if epoch == pl.Epochs {
			log(entry)
			return nil
		}
		if err := ctx.Err(); err != nil {
			log(entry)
			return err
		}
		var bad *NonFiniteError
		if perm == nil {
			bad = pl.descend(b, lr, &entry)
		} else {
			// Mini-batch steps; the log keeps the full-set numbers above.
			shuffle.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
			for lo := 0; lo < len(perm) && bad == nil; lo += pl.BatchSize {
				b.useBatch(perm[lo:min(lo+pl.BatchSize, len(perm))], buf)
				if l, _ := b.forward(pl.Lambda); !finite(l) {
					bad = &NonFiniteError{Quantity: "mini-batch loss", Value: l}
					break
				}
				bad = pl.descend(b, lr, &entry)
			}
		}
		log(entry)
		if bad != nil {
			bad.Epoch = epoch
			if !pl.Recover || bad.Quantity == "coupling" {
				return bad
			}
			// The authors' recovery: shrink the couplings and the step.
			recoverStep(b.W, &lr)
			continue
		}
		if pl.LRDecay > 0 {
			lr *= pl.LRDecay
		}
	}
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// recoverStep is the authors' answer to a non-finite step: couplings and
// learning rate times 0.1.
func recoverStep(w []float32, lr *float64) {
	for k := range w {
		w[k] *= 0.1
	}
	*lr *= 0.1
}

// NonFiniteError stops a training at the first non-finite loss, gradient
// or coupling: the couplings are no longer a trustworthy answer.
type NonFiniteError struct {
	Epoch    int
	Quantity string // "loss", "mini-batch loss", "gradient norm" or "coupling"
	Value    float64
	Row, Col int // the coupling's position, for Quantity "coupling"
}

func (e *NonFiniteError) Error() string {
	what := "the " + e.Quantity
	if e.Quantity == "coupling" {
		what = fmt.Sprintf("coupling J[%d][%d]", e.Row, e.Col)
	}
	return fmt.Sprintf("plm: training stopped at epoch %d: %s is %v (learning rate, λ or penalty too large?)", e.Epoch, what, e.Value)
}

// descend takes one gradient step of size lr after forward: gradient,
// symmetrisation, clipping, update, zero diagonal, projection. It records
// the gradient norm before clipping in entry, and reports a non-finite
// gradient (leaving J alone) or a non-finite coupling after the step.
func (pl PseudoLikelihood) descend(b *plBlock, lr float64, entry *EpochLog) *NonFiniteError {
	b.gradient()
	n, nb := b.n, b.nb
	if pl.Symmetric {
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				v := (b.G[i*n+j] + b.G[j*n+i]) / 2
				b.G[i*n+j], b.G[j*n+i] = v, v
			}
		}
	}
	if len(b.rowSq) != nb {
		b.rowSq = make([]float64, nb)
	}
	rowSquares(b.G, n, b.rowSq)
	var tot float64
	for _, s := range b.rowSq {
		tot += s
	}
	// G is the cross-entropy's gradient; the authors' scale divides it by λ.
	scale := 1.0
	if pl.LossScale == InverseLambdaScale {
		scale = 1 / pl.Lambda
	}
	gradNorm := scale * math.Sqrt(tot)
	entry.GradNorm = gradNorm
	if !finite(tot) || !finite(gradNorm) {
		return &NonFiniteError{Quantity: "gradient norm", Value: gradNorm}
	}
	// Rows are updated in parallel; each records its first non-finite
	// coupling, and the first row with one is reported.
	if len(b.badCol) != nb {
		b.badCol = make([]int, nb)
	}
	linalg.For(nb, func(lo, hi int) {
		for k := lo; k < hi; k++ {
			step := lr * scale
			if pl.GradClip > 0 {
				norm := gradNorm
				if pl.ClipRows {
					norm = scale * math.Sqrt(b.rowSq[k])
				}
				if norm > pl.GradClip {
					step *= pl.GradClip / norm
				}
			}
			s := float32(step)
			row, g := b.W[k*n:(k+1)*n], b.G[k*n:(k+1)*n]
			for j := range row {
				row[j] -= s * g[j]
			}
			row[b.r0+k] = 0
			if pl.FixedNorm {
				normaliseRows(row, n)
			}
			b.badCol[k] = -1
			for j, v := range row {
				if v-v != 0 { // NaN or ±Inf
					b.badCol[k] = j
					break
				}
			}
		}
	})
	for k, j := range b.badCol {
		if j >= 0 {
			v := b.W[k*n+j]
			return &NonFiniteError{Quantity: "coupling", Value: float64(v), Row: b.r0 + k, Col: j}
		}
	}
	return nil
}

// StableLearningRate is the largest learning rate for which full-batch
// gradient descent on the mean cross-entropy is stable near J = 0:
// 2N / (λ² ρ), with ρ the largest eigenvalue of the pattern correlation
// matrix C = (1/P) Σ_μ ξ^μ ξ^μᵀ. There each row's Hessian is λ²C/N (the
// loss is a mean over the N sites), so the bound grows with N and shrinks
// with the correlations of the data: ρ ≈ (1 + √(N/P))² for random
// patterns, ρ = O(N) for data with a strong common direction. Above it,
// steps overshoot along the top eigenvector. ρ is found by power iteration.
func StableLearningRate(xi *Patterns, lambda float64) (float64, error) {
	if err := checkLambda(lambda); err != nil {
		return 0, err
	}
	if err := xi.Validate(); err != nil {
		return 0, err
	}
	if err := limits.Check("plm: correlation matrix", 8, xi.N, xi.N); err != nil {
		return 0, err
	}
	rho := topCorrelationEigenvalue(xi)
	return 2 * float64(xi.N) / (lambda * lambda * rho), nil
}

// topCorrelationEigenvalue is the largest eigenvalue of C = (1/P) XᵀX:
// one GEMM for C (exact: its sums are integers below 2²⁴ for P < 2²⁴),
// then power iteration on the N×N matrix from a fixed start (C is positive
// semi-definite, trace N).
func topCorrelationEigenvalue(xi *Patterns) float64 {
	p, n := xi.P, xi.N
	// Xᵀ first: gonum's product of a matrix with its transpose is fastest
	// in the untransposed-first form.
	xt := make([]float32, n*p)
	for mu := 0; mu < p; mu++ {
		for j, x := range xi.Row(mu) {
			xt[j*p+mu] = x
		}
	}
	c32 := make([]float32, n*n)
	linalg.Sgemm(false, true, n, n, p, 1, xt, p, xt, p, 0, c32, n)
	c := make([]float64, n*n)
	for k, x := range c32 {
		c[k] = float64(x) / float64(p)
	}
	v, w := make([]float64, n), make([]float64, n)
	for j := range v {
		v[j] = 1 + 0.01*float64(j%7) // not orthogonal to a top eigenvector of ±1 data
	}
	rho := 0.0
	for it := 0; it < 500; it++ {
		var norm float64
		for _, x := range v {
			norm += x * x
		}
		norm = math.Sqrt(norm)
		for j := range v {
			v[j] /= norm
		}
		linalg.For(n, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				var d float64
				for j, x := range c[i*n : (i+1)*n] {
					d += x * v[j]
				}
				w[i] = d
			}
		})
		var r float64
		for j := range w {
			r += w[j] * v[j]
		}
		v, w = w, v
		if math.Abs(r-rho) <= 1e-9*r {
			return r
		}
		rho = r
	}
	return rho
}
