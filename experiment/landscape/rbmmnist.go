package landscape

import (
	"context"
	"fmt"
	"math"

	"github.com/plmlab/plmlab/data"
	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/experiment/internal/sweep"
	"github.com/plmlab/plmlab/figure"
	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/plm"
)

func init() {
	experiment.Register[RBMMNIST, *RBMMNISTResult]("a binary–Gaussian RBM (10 hidden units) trained on binarised MNIST by CD, from random weights and from Hopfield weights (class prototypes), against a PL network", false)
}

// RBMMNIST is the lecture's application: a binary–Gaussian RBM with ten
// hidden units trained by contrastive divergence on binarised MNIST,
// started from small random weights and from Hopfield weights (the sign
// of each class's mean image, W = ξᵀ/√N), on the same budget. Both are
// judged by the pseudo-likelihood loss of their marginal Hopfield model on
// test images, the loss a PL network (notebook 06) minimises directly; a
// PL network trained on the same images is the reference.
type RBMMNIST struct {
	Train    int     `json:"train" help:"training images"`
	Test     int     `json:"test" help:"test images"`
	Epochs   int     `json:"epochs" help:"CD epochs"`
	LR       float64 `json:"lr" help:"CD learning rate (per image of a batch)"`
	Batch    int     `json:"batch" help:"CD mini-batch size"`
	K        int     `json:"k" help:"Gibbs steps per CD update (CD-k)"`
	PLEpochs int     `json:"pl_epochs" help:"epochs of the reference PL network (λ = 1, zero start)"`
	PLLR     float64 `json:"pl_lr" help:"learning rate of the PL network"`
	Full     bool    `json:"full" help:"use all 28×28 pixels instead of the deskewed 14×14 centre"`
	Dir      string  `json:"mnist" help:"folder with the MNIST idx files (default: the Go module cache, or $PLMLAB_MNIST)"`
	Seed     uint64  `json:"seed" help:"random seed (same seed, same numbers)"`
}

func (RBMMNIST) Name() string { return "rbm-mnist" }

// Quick: 2000 training images, 15 epochs (seconds).
func (RBMMNIST) Quick() RBMMNIST {
	return RBMMNIST{Train: 2000, Test: 1000, Epochs: 15, LR: 0.002, Batch: 50, K: 1, PLEpochs: 200, PLLR: 10, Seed: 1}
}

// Paper: 20,000 images, 50 epochs.
func (RBMMNIST) Paper() RBMMNIST {
	c := RBMMNIST{}.Quick()
	c.Train, c.Test, c.Epochs, c.PLEpochs = 20000, 10000, 50, 300
	return c
}

func (c RBMMNIST) Validate() error {
	v := experiment.NewValidator(c)
	v.AtLeast("Train", c.Train, 10)
	v.AtLeast("Test", c.Test, 1)
	if c.Train > 60000 || c.Test > 60000 || c.Train > 60000-c.Test {
		v.Fail("Train", "%d training + %d test images are more than the 60,000", c.Train, c.Test)
	}
	v.AtLeast("Epochs", c.Epochs, 1)
	v.Within("LR", c.LR, 1e-9, 10)
	v.AtLeast("Batch", c.Batch, 1)
	v.AtLeast("K", c.K, 1)
	v.Training(c.PLEpochs, c.PLLR, 0)
	v.Memory(limits.Must(8*4, c.K, 28*28), limits.Must(8*2, c.Batch, c.K))
	return v.Err
}

// Inputs are the MNIST files.
func (c RBMMNIST) Inputs() ([]string, error) { return data.MNISTFiles(c.Dir) }

// RBMMNISTResult holds both trainings' logs and the references.
type RBMMNISTResult struct {
	Config   RBMMNIST       `json:"config"`
	Random   []plm.RBMEpoch `json:"random"`
	Hopfield []plm.RBMEpoch `json:"hopfield"`
	// Independent is the test loss of independent pixels (W = 0, the
	// starting biases); PL that of the PL network.
	Independent float64 `json:"independent"`
	PL          float64 `json:"pl"`
}

func (c RBMMNIST) Run(ctx context.Context, progress experiment.Progress) (*RBMMNISTResult, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	t := experiment.NewTracker(c.Name(), 3, progress)
	t.At(0, "loading MNIST")
	m, err := data.LoadMNIST(c.Dir)
	if err != nil {
		return nil, err
	}
	bin := data.PaperBinarisation
	if c.Full {
		bin = data.FullBinarisation
	}
	d, err := m.Patterns(bin, c.Train, c.Test, c.Seed)
	if err != nil {
		return nil, err
	}
	n := d.Train.N
	b0 := plm.IndependentBiases(d.Train)
	res := &RBMMNISTResult{Config: c}
	indep := &plm.BiasedRBM{N: n, P: 1, W: make([]float64, n), B: b0}
	res.Independent = indep.PseudoLikelihoodLoss(d.Test)
	// Hopfield start: the sign of each class's mean image.
	hop := &plm.BiasedRBM{N: n, P: 10, W: make([]float64, n*10), B: append([]float64(nil), b0...)}
	mean := make([]float64, n*10)
	for mu, l := range d.TrainLabels {
		for i, v := range d.Train.Row(mu) {
			mean[i*10+l] += float64(v)
		}
	}
	for k, v := range mean {
		s := 1.0
		if v < 0 {
			s = -1
		}
		hop.W[k] = s / math.Sqrt(float64(n))
	}
	rnd := &plm.BiasedRBM{N: n, P: 10, W: make([]float64, n*10), B: append([]float64(nil), b0...)}
	r := sweep.NewRand(c.Seed, 60)
	for k := range rnd.W {
		rnd.W[k] = 0.01 * r.NormFloat64()
	}
	for k, run := range []struct {
		name  string
		start *plm.BiasedRBM
		log   *[]plm.RBMEpoch
	}{{"random weights", rnd, &res.Random}, {"Hopfield weights", hop, &res.Hopfield}} {
		t.At(k, "CD from "+run.name)
		*run.log, err = plm.RBMTrainer{Epochs: c.Epochs, LearningRate: c.LR, Batch: c.Batch, K: c.K, Seed: c.Seed,
			Progress: func(e plm.RBMEpoch) { t.Detail("epoch %d/%d test PL loss %.4f", e.Epoch, c.Epochs, e.TestPL) }}.Train(ctx, run.start, d.Train, d.Test)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", run.name, err)
		}
	}
	t.At(2, "PL network")
	J, err := plm.PseudoLikelihood{Epochs: c.PLEpochs, LearningRate: c.PLLR, Init: plm.InitZero, Progress: t.Training(c.PLEpochs)}.Couplings(ctx, d.Train)
	if err != nil {
		return nil, err
	}
	if res.PL, err = plm.PseudoLikelihoodLoss(J, d.Test, 1); err != nil {
		return nil, err
	}
	t.Finish()
	return res, nil
}

// Figures: the test loss along CD from both starts, with the references.
func (r *RBMMNISTResult) Figures() []*figure.Panel {
	c := r.Config
	p := &figure.Panel{Panel: c.Name(), Config: c, Title: fmt.Sprintf("RBM with 10 hidden units on binarised MNIST (%d images): test pseudo-likelihood loss", c.Train),
		XLabel: "CD epoch", YLabel: "−log p(σ_i | rest) per pixel, test images", Legend: "top-right"}
	for _, s := range []struct {
		name string
		log  []plm.RBMEpoch
	}{{"from random weights", r.Random}, {"from Hopfield weights (class prototypes)", r.Hopfield}} {
		se := figure.Series{Name: s.name}
		for _, e := range s.log {
			se.X, se.Y = append(se.X, float64(e.Epoch)), append(se.Y, e.TestPL)
		}
		p.Series = append(p.Series, se)
	}
	x1 := float64(c.Epochs)
	p.Series = append(p.Series, figure.Line("independent pixels", 0, r.Independent, x1, r.Independent), figure.Line("PL network (full rank, no fields)", 0, r.PL, x1, r.PL))
	p.Params = map[string]any{"hidden_units": 10, "cd_k": c.K, "pl_network_test_loss": r.PL, "independent_pixels_test_loss": r.Independent}
	return []*figure.Panel{p}
}
