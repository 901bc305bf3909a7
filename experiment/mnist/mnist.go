package mnist

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
	experiment.RegisterGrid[MNIST, mnistUnit, *MNISTResult]("binarised MNIST: final overlap from training images, test images and random configurations against α", true)
	experiment.Register[MNISTBinarisation, *MNISTBinarisationResult]("binarised MNIST: a few digits thresholded, deskewed, and cropped to the 14×14 centre", false)
}

// MNIST trains PL on P = αN binarised MNIST images (the authors' split and
// settings) and measures the final overlap reached from the training
// images, unseen test images and random configurations.
type MNIST struct {
	Alphas []float64 `json:"alphas" help:"loads α = P/N"`
	Epochs int       `json:"epochs" help:"PL epochs"`
	LR     float64   `json:"lr" help:"PL learning rate, on the loss scale of -loss-scale"`
	Lambda float64   `json:"lambda" help:"λ in the loss"`
	// LossScale is inverse-lambda (the authors' loss, the cross-entropy
	// divided by λ, on which their learning rate 100 was set) or
	// cross-entropy (plmlab's; the same training needs 100/λ there).
	LossScale string `json:"loss_scale" help:"loss the learning rate applies to: inverse-lambda (the authors': −ξh + λ⁻¹ log 2cosh λh) or cross-entropy (plmlab's)"`
	Batch     int    `json:"batch" help:"mini-batch size (0 or ≥ P: full batch)"`
	Test      int    `json:"test" help:"test images"`
	Random    int    `json:"random" help:"random starts"`
	Full      bool   `json:"full" help:"use all 28×28 pixels (N = 784) instead of the deskewed 14×14 centre"`
	Init      string `json:"init" help:"start of PL training: zero, uniform (±1/√N), hebb or random (Hebb's start is far off for correlated images)"`
	Steps     int    `json:"steps" help:"synchronous steps: 0 runs to a fixed point or cycle (cap 1000); K > 0 exactly K steps (authors: 10)"`
	// Examples is how many input/output pairs are kept at the smallest and
	// the largest α.
	Examples int    `json:"examples" help:"input/output pairs kept at the smallest and largest α"`
	Dir      string `json:"mnist" help:"folder with the MNIST idx files (default: the Go module cache, or $PLMLAB_MNIST)"`
	Seed     uint64 `json:"seed" help:"random seed (same seed, same numbers)"`
}

func (MNIST) Name() string { return "mnist" }

// Quick: α up to 10, 101 epochs, 1000 test images (seconds). Both presets
// follow the authors' protocol: their loss scale and learning rate, λ = 0.1,
// mini-batches of 1000, exactly 10 synchronous steps.
func (MNIST) Quick() MNIST {
	return MNIST{Alphas: []float64{0.1, 0.3, 1, 3, 10}, Epochs: 101, LR: 100, Lambda: 0.1, LossScale: "inverse-lambda", Batch: 1000, Test: 1000, Random: 300,
		Init: "zero", Steps: 10, Examples: 6, Seed: 1}
}

// Paper: 10 log-spaced α from 0.1 to 100, 301 epochs, 10,000 test images.
func (MNIST) Paper() MNIST {
	c := MNIST{}.Quick()
	c.Epochs, c.Test = 301, 10000
	c.Alphas = make([]float64, 10)
	for k := range c.Alphas {
		c.Alphas[k] = math.Pow(10, -1+3*float64(k)/9)
	}
	return c
}

// lossScales names the trainer's loss scales for configs and flags.
var lossScales = map[string]plm.LossScale{"cross-entropy": plm.CrossEntropyScale, "inverse-lambda": plm.InverseLambdaScale}

func (c MNIST) binarisation() data.Binarisation {
	if c.Full {
		return data.FullBinarisation
	}
	return data.PaperBinarisation
}

func (c MNIST) Validate() error {
	v := experiment.NewValidator(c)
	v.Loads("Alphas", c.Alphas, 0)
	v.Training(c.Epochs, c.LR, experiment.NoClip)
	v.Positive("Lambda", c.Lambda)
	v.AtLeast("Batch", c.Batch, 0)
	v.AtLeast("Test", c.Test, 1)
	v.AtLeast("Random", c.Random, 1)
	sweep.CheckInit(v, "Init", c.Init)
	if _, ok := lossScales[c.LossScale]; !ok {
		v.Fail("LossScale", "must be inverse-lambda or cross-entropy, got %q", c.LossScale)
	}
	v.AtLeast("Steps", c.Steps, 0)
	v.AtLeast("Examples", c.Examples, 0)
	if v.Err == nil {
		w, h := c.binarisation().Size(28, 28)
		n := w * h
		for _, a := range c.Alphas {
			if p := int(math.Round(a * float64(n))); p < 1 || c.Test > 60000 || p > 60000-c.Test {
				v.Fail("Alphas", "α = %g needs %d training + %d test images out of the 60,000", a, p, c.Test)
				break
			}
		}
		v.Memory(limits.Must(4*2, c.Random, n), limits.Must(4*2, min(c.Batch, 60000), n), limits.Must(8*4, c.Examples, n))
	}
	return v.Err
}

// crossEntropyLR is the learning rate in plmlab's units.
func (c MNIST) crossEntropyLR() float64 {
	if c.LossScale == "inverse-lambda" {
		return c.LR / c.Lambda
	}
	return c.LR
}

// Inputs are the MNIST files, so that the cache notices other data.
func (c MNIST) Inputs() ([]string, error) { return data.MNISTFiles(c.Dir) }

// MNISTResult holds the overlaps per load and a few digits in and out.
type MNISTResult struct {
	Config   MNIST           `json:"config"`
	N        int             `json:"n"`
	Width    int             `json:"width"`
	Height   int             `json:"height"`
	Points   []MNISTPoint    `json:"points"`
	Examples []MNISTExamples `json:"examples"`
}

// MNISTPoint is the outcome at one load: mean final overlaps and their
// standard errors.
type MNISTPoint struct {
	sweep.Overlaps
	// ClassAccuracy is the fraction of test images whose attractor is
	// nearest a training image of their own class.
	ClassAccuracy float64 `json:"class_accuracy"`
}

// MNISTExamples are the first images of a set and where the dynamics
// takes them.
type MNISTExamples struct {
	Alpha    float64     `json:"alpha"`
	Set      string      `json:"set"` // "training" or "test"
	In       [][]float32 `json:"in"`
	Out      [][]float32 `json:"out"`
	Labels   []int       `json:"labels"`
	Overlaps []float64   `json:"overlaps"`
}

func (c MNIST) Run(ctx context.Context, progress experiment.Progress) (*MNISTResult, error) {
	return experiment.RunGrid(ctx, c, progress)
}

// mnistUnit is the outcome at one load.
type mnistUnit struct {
	Point    MNISTPoint
	Examples []MNISTExamples
}

// size is the binarised image's width, height and N.
func (c MNIST) size() (w, h, n int) {
	w, h = c.binarisation().Size(28, 28)
	return w, h, w * h
}

// Points are the loads; a load costs its training (Epochs passes over P
// images) and the dynamics from P + Test + Random starts.
func (c MNIST) Points() []experiment.GridPoint {
	_, _, n := c.size()
	steps := float64(c.Steps)
	if steps == 0 {
		steps = 20
	}
	pts := make([]experiment.GridPoint, len(c.Alphas))
	for k, a := range c.Alphas {
		p := math.Round(a * float64(n))
		pts[k] = experiment.GridPoint{Label: fmt.Sprintf("α=%.3g P=%d", a, int(p)), Cost: (p*float64(c.Epochs) + steps*(p+float64(c.Test+c.Random))) * float64(n*n)}
	}
	return pts
}

func (c MNIST) RunPoints(ctx context.Context, idx []int, t *experiment.Tracker, emit func(int, mnistUnit) error) error {
	t.At(0, "loading MNIST")
	m, err := data.LoadMNIST(c.Dir)
	if err != nil {
		return err
	}
	bin := c.binarisation()
	w, h := bin.Size(m.Train.Rows, m.Train.Cols)
	n := w * h
	if _, _, want := c.size(); n != want {
		return fmt.Errorf("mnist: images of %d×%d pixels, not 28×28", m.Train.Rows, m.Train.Cols)
	}
	pMax := 0
	for _, a := range c.Alphas {
		pMax = max(pMax, int(math.Round(a*float64(n))))
	}
	if pMax+c.Test > m.Train.Count {
		return fmt.Errorf("mnist: %d training + %d test images are more than the %d available", pMax, c.Test, m.Train.Count)
	}
	// One binarised draw; training sets are its prefixes, so every α shares
	// the test set (the authors' split).
	all, err := m.Patterns(bin, pMax, c.Test, c.Seed)
	if err != nil {
		return err
	}
	random, err := plm.RandomPatterns(c.Random, n, sweep.NewRand(c.Seed, 77))
	if err != nil {
		return err
	}
	dyn, _ := sweep.DynamicsOf(c.Steps)
	pts := c.Points()
	for j, k := range idx {
		a := c.Alphas[k]
		p := int(math.Round(a * float64(n)))
		t.At(j, pts[k].Label)
		train, err := all.Train.Subset(sweep.Seq(0, p))
		if err != nil {
			return err
		}
		b := c.Batch
		if b >= p {
			b = 0
		}
		J, err := plm.PseudoLikelihood{Epochs: c.Epochs, LearningRate: c.LR, Lambda: c.Lambda, LossScale: lossScales[c.LossScale], GradClip: 20,
			BatchSize: b, Seed: c.Seed, Init: sweep.Inits[c.Init], Progress: t.Training(c.Epochs)}.Couplings(ctx, train)
		if err != nil {
			return err
		}
		u := mnistUnit{Point: MNISTPoint{Overlaps: sweep.Overlaps{Alpha: a, P: p}}}
		pt := &u.Point
		for _, s := range []struct {
			name   string
			starts *plm.Patterns
			labels []int
		}{{"training", train, all.TrainLabels}, {"test", all.Test, all.TestLabels}, {"random", random, nil}} {
			r, err := plm.Retrieve(ctx, J, s.starts, train, dyn)
			if err != nil {
				return err
			}
			switch s.name {
			case "training":
				pt.Train, pt.TrainErr = plm.MeanStdErr(r.Self)
			case "test":
				pt.Test, pt.TestErr = plm.MeanStdErr(r.Self)
				ok := 0
				for i, j := range r.Nearest {
					if all.TrainLabels[j] == all.TestLabels[i] {
						ok++
					}
				}
				pt.ClassAccuracy = float64(ok) / float64(len(r.Nearest))
			case "random":
				pt.RandomStart, pt.RandomStartErr = plm.MeanStdErr(r.Self)
				pt.RandomNearest, pt.RandomNearestErr = plm.MeanStdErr(r.NearestOverlap)
			}
			if s.labels != nil && (k == 0 || k == len(c.Alphas)-1) && c.Examples > 0 {
				ex := MNISTExamples{Alpha: a, Set: s.name}
				for i := 0; i < min(c.Examples, s.starts.P); i++ {
					ex.In, ex.Out = append(ex.In, sweep.Clone32(s.starts.Row(i))), append(ex.Out, sweep.Clone32(r.Final.Row(i)))
					ex.Labels, ex.Overlaps = append(ex.Labels, s.labels[i]), append(ex.Overlaps, r.Self[i])
				}
				u.Examples = append(u.Examples, ex)
			}
		}
		if err := emit(k, u); err != nil {
			return err
		}
	}
	return nil
}

func (c MNIST) Assemble(units []mnistUnit) (*MNISTResult, error) {
	w, h, n := c.size()
	res := &MNISTResult{Config: c, N: n, Width: w, Height: h}
	for _, u := range units {
		res.Points = append(res.Points, u.Point)
		res.Examples = append(res.Examples, u.Examples...)
	}
	return res, nil
}

// Figures: the overlaps against α, the class of the attractors, a table,
// then digits in and out at the smallest and largest α.
func (r *MNISTResult) Figures() []*figure.Panel {
	c := r.Config
	_, dynText := sweep.DynamicsOf(c.Steps)
	var pts []sweep.Overlaps
	acc := figure.Series{Name: "test images whose attractor is nearest a training image of their class"}
	tab := &figure.Table{Header: []string{"α", "P", "train", "test", "class of attractor = class of test image", "random (start)", "random (nearest training)"}}
	var classAcc []float64
	for _, p := range r.Points {
		pts = append(pts, p.Overlaps)
		acc.X, acc.Y = append(acc.X, p.Alpha), append(acc.Y, p.ClassAccuracy)
		classAcc = append(classAcc, p.ClassAccuracy)
		tab.Rows = append(tab.Rows, []string{fmt.Sprintf("%.3g", p.Alpha), fmt.Sprint(p.P), fmt.Sprintf("%.3f ± %.3f", p.Train, p.TrainErr),
			fmt.Sprintf("%.3f ± %.3f", p.Test, p.TestErr), sweep.F3(p.ClassAccuracy), fmt.Sprintf("%.3f ± %.3f", p.RandomStart, p.RandomStartErr),
			fmt.Sprintf("%.3f ± %.3f", p.RandomNearest, p.RandomNearestErr)})
	}
	main := &figure.Panel{Panel: c.Name(), Config: c, Title: fmt.Sprintf("Binarised MNIST (N = %d): final overlap against α", r.N),
		XLabel: "α = P/N", YLabel: "final overlap", LogX: true, Legend: "bottom-left", Series: sweep.OverlapSeries(pts),
		Params: map[string]any{"n": r.N, "dynamics": dynText, "binarisation": c.binarisation(),
			"split":      "first P of a seeded permutation of the 60,000 training images; test = the next ones",
			"loss_scale": c.LossScale, "learning_rate_cross_entropy_units": c.crossEntropyLR(),
			"random_start_series":            "overlap of the final state with its own random start (the authors' random curve)",
			"random_nearest_training_series": "largest overlap of the final state with a training image",
			"test_attractor_class_accuracy":  classAcc}}
	out := []*figure.Panel{main,
		{Panel: c.Name() + "-class", Config: c, Title: "Classifying by the attractor's nearest training image", XLabel: "α = P/N", YLabel: "fraction correct",
			LogX: true, Series: []figure.Series{acc}},
		{Panel: c.Name() + "-table", Config: c, Title: "Final overlaps (mean ± standard error)", Table: tab}}
	for k, ex := range r.Examples {
		im := &figure.Images{Width: r.Width, Height: r.Height, Cols: 2 * len(ex.In)}
		for i := range ex.In {
			im.Spins = append(im.Spins, ex.In[i], ex.Out[i])
			im.Captions = append(im.Captions, fmt.Sprintf("in: %d", ex.Labels[i]), fmt.Sprintf("out m=%.2f", ex.Overlaps[i]))
		}
		out = append(out, &figure.Panel{Panel: fmt.Sprintf("%s-examples-%d", c.Name(), k+1), Config: c,
			Title: fmt.Sprintf("α = %.3g, %s images and their attractors", ex.Alpha, ex.Set), Images: im})
	}
	return out
}

// MNISTBinarisation shows what binarisation does to a few digits.
type MNISTBinarisation struct {
	Count int    `json:"count" help:"digits shown"`
	Dir   string `json:"mnist" help:"folder with the MNIST idx files (default: the Go module cache, or $PLMLAB_MNIST)"`
}

func (MNISTBinarisation) Name() string { return "mnist-binarisation" }

// Quick and Paper: 8 digits.
func (MNISTBinarisation) Quick() MNISTBinarisation { return MNISTBinarisation{Count: 8} }

func (MNISTBinarisation) Paper() MNISTBinarisation { return MNISTBinarisation{Count: 8} }

func (c MNISTBinarisation) Validate() error {
	v := experiment.NewValidator(c)
	v.AtLeast("Count", c.Count, 1)
	if c.Count > 60000 {
		v.Fail("Count", "must be ≤ 60000, got %d", c.Count)
	}
	return v.Err
}

// Inputs are the MNIST files.
func (c MNISTBinarisation) Inputs() ([]string, error) { return data.MNISTFiles(c.Dir) }

// MNISTBinarisationResult holds each digit at each stage.
type MNISTBinarisationResult struct {
	Config    MNISTBinarisation `json:"config"`
	Labels    []int             `json:"labels"`
	Raw       [][]float32       `json:"raw"`       // threshold 86, 28×28
	Deskewed  [][]float32       `json:"deskewed"`  // deskewed, 28×28
	Processed [][]float32       `json:"processed"` // deskewed, 14×14 centre (the paper's)
}

func (c MNISTBinarisation) Run(ctx context.Context, progress experiment.Progress) (*MNISTBinarisationResult, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	m, err := data.LoadMNIST(c.Dir)
	if err != nil {
		return nil, err
	}
	res := &MNISTBinarisationResult{Config: c}
	for k := 0; k < c.Count; k++ {
		img := m.Train.Image(k)
		for _, s := range []struct {
			b   data.Binarisation
			out *[][]float32
		}{{data.Binarisation{Threshold: 86}, &res.Raw}, {data.FullBinarisation, &res.Deskewed}, {data.PaperBinarisation, &res.Processed}} {
			x, err := s.b.Pattern(img, m.Train.Rows, m.Train.Cols)
			if err != nil {
				return nil, err
			}
			*s.out = append(*s.out, x)
		}
		res.Labels = append(res.Labels, int(m.Train.Labels[k]))
	}
	return res, nil
}

// Figures: the three stages, one row of digits each.
func (r *MNISTBinarisationResult) Figures() []*figure.Panel {
	c := r.Config
	var caps []string
	for _, l := range r.Labels {
		caps = append(caps, fmt.Sprintf("label %d", l))
	}
	w, h := data.PaperBinarisation.Size(28, 28)
	return []*figure.Panel{
		{Panel: c.Name(), Config: c, Title: "Thresholded (pixel > 86)", Images: &figure.Images{Width: 28, Height: 28, Cols: c.Count, Spins: r.Raw, Captions: caps}},
		{Panel: c.Name() + "-deskewed", Config: c, Title: "Deskewed", Images: &figure.Images{Width: 28, Height: 28, Cols: c.Count, Spins: r.Deskewed, Captions: caps}},
		{Panel: c.Name() + "-cropped", Config: c, Title: fmt.Sprintf("Deskewed, %d×%d centre (N = %d)", w, h, w*h), Images: &figure.Images{Width: w, Height: h, Cols: c.Count, Spins: r.Processed, Captions: caps}},
	}
}
