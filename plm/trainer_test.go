package plm

import (
	"context"
	"errors"
	"math"
	"runtime"
	"strings"
	"testing"
)

// The fused forward pass (float32 fields, fast exp and log1p) agrees with
// the plain softplus formula on float64 fields.
func TestLossFusedMatchesReference(t *testing.T) {
	xi := randomPatterns(t, 60, 80, 10)
	for _, lambda := range []float64{0.1, 1, 30} {
		J, _ := Hebb{}.Couplings(bg, xi)
		ref, err := PseudoLikelihoodLoss(J, xi, lambda)
		if err != nil {
			t.Fatal(err)
		}
		b := newPLBlock(xi, 0, xi.N)
		copy(b.W, J.W)
		got, _ := b.forward(lambda)
		if math.Abs(got-ref) > 1e-6*math.Max(1, ref) {
			t.Errorf("λ=%v: fused loss %v, reference %v", lambda, got, ref)
		}
	}
}

// The fused site loop against math.Exp and math.Log1p, term by term, over
// the whole range of u = −2λ s h (both signs, down to where e^u underflows)
// and over more sites than one log chunk.
func TestFusedSitesMatchesMath(t *testing.T) {
	var us []float64
	for _, a := range []float64{0, 1e-8, 0.3, 1, 10, 100, 700, 710, 800} {
		us = append(us, a, -a)
	}
	for len(us) < 3*logChunk+5 {
		us = append(us, float64(len(us)%97)/7-6)
	}
	const lambda, c = 0.5, -0.25
	xs, hs, ss := make([]float32, len(us)), make([]float32, len(us)), make([]float32, len(us))
	var want float64
	for k, u := range us {
		xs[k] = float32(1 - 2*(k%2))
		hs[k] = float32(-u / (2 * lambda) * float64(xs[k]))
		u = -2 * lambda * float64(xs[k]) * float64(hs[k]) // as float32 fields give it
		want += softplus(u)
	}
	got, ok := fusedSites(xs, hs, ss, lambda, c)
	if math.Abs(got-want) > 1e-10*want {
		t.Errorf("loss %v, want %v", got, want)
	}
	if ok {
		t.Error("all sites reported stable with u ≥ 0 among them")
	}
	for k := range us {
		u := -2 * lambda * float64(xs[k]) * float64(hs[k])
		ws := c * float64(xs[k]) / (1 + math.Exp(-u))
		if math.Abs(float64(ss[k])-ws) > 1e-7*math.Abs(ws)+1e-40 {
			t.Errorf("u = %v: S = %v, want %v", u, ss[k], ws)
		}
	}
}

// No overflow: huge fields give a finite loss (softplus, not log cosh).
func TestLossStableAtLargeFields(t *testing.T) {
	xi := randomPatterns(t, 10, 20, 11)
	J, _ := Hebb{}.Couplings(bg, xi)
	for k := range J.W {
		J.W[k] *= 1e6
	}
	l, err := PseudoLikelihoodLoss(J, xi, 1)
	if err != nil || math.IsNaN(l) || math.IsInf(l, 0) || l < 0 {
		t.Fatalf("loss %v, %v", l, err)
	}
}

// The analytic gradient equals central finite differences of the loss.
func TestGradientFiniteDifferences(t *testing.T) {
	xi := randomPatterns(t, 12, 10, 12)
	J, _ := Hebb{}.Couplings(bg, xi)
	lambda := 0.7
	g, err := PseudoLikelihoodGradient(J, xi, lambda)
	if err != nil {
		t.Fatal(err)
	}
	// float64 reference loss on a float64 copy for clean differences.
	loss := func(w []float64) float64 {
		var s float64
		n := xi.N
		for mu := 0; mu < xi.P; mu++ {
			for i := 0; i < n; i++ {
				var h float64
				for j := 0; j < n; j++ {
					h += w[i*n+j] * float64(xi.Data[mu*n+j])
				}
				s += softplus(-2 * lambda * float64(xi.Data[mu*n+i]) * h)
			}
		}
		return s / float64(xi.P*n)
	}
	w := make([]float64, len(J.W))
	for k, v := range J.W {
		w[k] = float64(v)
	}
	const eps = 1e-6
	for _, k := range []int{1, 7, 23, 45, 98} {
		old := w[k]
		w[k] = old + eps
		lp := loss(w)
		w[k] = old - eps
		lm := loss(w)
		w[k] = old
		fd := (lp - lm) / (2 * eps)
		if math.Abs(fd-g[k]) > 1e-5*math.Max(math.Abs(fd), 1e-3) {
			t.Errorf("∂L/∂J[%d]: analytic %v, finite differences %v", k, g[k], fd)
		}
	}
	if g[0] != 0 || g[11] != 0 {
		t.Error("gradient diagonal not zero")
	}
}

// At α = 0.4 PL training stores every pattern, with norm growth.
func TestPLStoresAllAtAlpha04(t *testing.T) {
	xi := randomPatterns(t, 80, 200, 13)
	tr, err := PseudoLikelihood{Epochs: 200, GradClip: 20}.Train(bg, xi)
	if err != nil {
		t.Fatal(err)
	}
	if f, _ := FixedPointFraction(tr.J, xi); f != 1 {
		t.Errorf("stored fraction %v, want 1", f)
	}
	last := tr.Log[len(tr.Log)-1]
	if len(tr.Log) != 201 || last.Epoch != 200 || last.Stored != 1 {
		t.Errorf("log has %d entries, last %+v", len(tr.Log), last)
	}
	if math.Abs(last.Lambda-tr.J.MeanRowNorm()) > 1e-9 {
		t.Errorf("logged λ(t) = %v, mean row norm %v", last.Lambda, tr.J.MeanRowNorm())
	}
	for e := 1; e < len(tr.Log); e++ {
		if tr.Log[e].Loss > tr.Log[e-1].Loss+1e-12 {
			t.Fatalf("loss rose at epoch %d: %v → %v", e, tr.Log[e-1].Loss, tr.Log[e].Loss)
		}
		if tr.Log[e].Lambda < tr.Log[e-1].Lambda-1e-9 {
			t.Fatalf("norm shrank at epoch %d", e)
		}
	}
}

// Training a row alone gives the row of the full training: the loss splits
// into N independent perceptrons.
func TestPLRowsAreIndependentPerceptrons(t *testing.T) {
	xi := randomPatterns(t, 50, 100, 14)
	for _, pl := range []PseudoLikelihood{
		{Epochs: 50},
		{Epochs: 50, GradClip: 0.001, ClipRows: true, Init: InitRandom, Seed: 3},
		{Epochs: 50, FixedNorm: true, Lambda: 2},
	} {
		full, err := pl.Couplings(bg, xi)
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range []int{0, 37, 99} {
			row, err := pl.TrainRow(bg, xi, i)
			if err != nil {
				t.Fatal(err)
			}
			if e := maxAbsDiff(row, full.Row(i)); e > 1e-5 {
				t.Errorf("%+v row %d: alone vs full differ by %v", pl, i, e)
			}
		}
	}
	if _, err := (PseudoLikelihood{Symmetric: true}).TrainRow(bg, xi, 0); err == nil {
		t.Error("symmetric TrainRow accepted")
	}
	if _, err := (PseudoLikelihood{GradClip: 1}).TrainRow(bg, xi, 0); err == nil {
		t.Error("whole-matrix clipping with TrainRow accepted")
	}
}

func TestPLSymmetricAndFixedNorm(t *testing.T) {
	xi := randomPatterns(t, 40, 100, 15)
	for _, init := range []Init{InitHebb, InitRandom} {
		J, err := PseudoLikelihood{Epochs: 30, Symmetric: true, Init: init}.Couplings(bg, xi)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < J.N; i++ {
			for j := 0; j < J.N; j++ {
				if J.At(i, j) != J.At(j, i) {
					t.Fatalf("init %v: J[%d][%d] = %v, J[%d][%d] = %v", init, i, j, J.At(i, j), j, i, J.At(j, i))
				}
			}
		}
	}
	tr, err := PseudoLikelihood{Epochs: 30, FixedNorm: true, Lambda: 3}.Train(bg, xi)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range tr.J.RowNorms() {
		if math.Abs(r-1) > 1e-5 {
			t.Fatalf("row %d norm %v, want 1", i, r)
		}
	}
	if l := tr.Log[len(tr.Log)-1].Lambda; math.Abs(l-3) > 1e-4 {
		t.Errorf("fixed-norm λ(t) = %v, want 3", l)
	}
}

// Same seed, same couplings, whatever the number of threads.
func TestPLDeterministicAcrossThreads(t *testing.T) {
	xi := randomPatterns(t, 60, 120, 16)
	pl := PseudoLikelihood{Epochs: 20, Init: InitRandom, Seed: 5, GradClip: 20}
	a, _ := pl.Couplings(bg, xi)
	old := runtime.GOMAXPROCS(1)
	b, _ := pl.Couplings(bg, xi)
	runtime.GOMAXPROCS(old)
	c, _ := pl.Couplings(bg, xi)
	for k := range a.W {
		if a.W[k] != b.W[k] || a.W[k] != c.W[k] {
			t.Fatalf("entry %d: %v (parallel) %v (serial) %v (again)", k, a.W[k], b.W[k], c.W[k])
		}
	}
}

func TestPLCancellationAndProgress(t *testing.T) {
	xi := randomPatterns(t, 20, 50, 17)
	ctx, cancel := context.WithCancel(bg)
	seen := 0
	tr, err := PseudoLikelihood{Epochs: 100, Progress: func(e EpochLog) {
		seen++
		if e.Epoch == 4 {
			cancel()
		}
	}}.Train(ctx, xi)
	if err != context.Canceled {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if seen != 6 || tr == nil || len(tr.Log) != 6 {
		t.Errorf("progress calls %d, log %d; want 6 (epochs 0…5, stopped before step 6)", seen, len(tr.Log))
	}
}

func TestPLBadSettings(t *testing.T) {
	xi := randomPatterns(t, 5, 10, 18)
	for _, c := range []struct {
		pl   PseudoLikelihood
		want string
	}{
		{PseudoLikelihood{Lambda: -1}, "λ"},
		{PseudoLikelihood{Lambda: math.NaN()}, "λ"},
		{PseudoLikelihood{LearningRate: -1}, "learning rate"},
		{PseudoLikelihood{Epochs: -3}, "epochs"},
		{PseudoLikelihood{GradClip: -1}, "clip"},
		{PseudoLikelihood{FixedNorm: true, Symmetric: true}, "cannot be combined"},
		{PseudoLikelihood{FixedNorm: true, Init: InitZero}, "non-zero start"},
		{PseudoLikelihood{Init: Init(9)}, "initialisation"},
		{PseudoLikelihood{LRDecay: 1.5}, "decay"},
	} {
		if _, err := c.pl.Train(bg, xi); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c.pl, err, c.want)
		}
	}
	bad := &Patterns{P: 1, N: 3, Data: []float32{1, 0.5, -1}}
	if _, err := (PseudoLikelihood{}).Train(bg, bad); err == nil || !strings.Contains(err.Error(), "spin 1") {
		t.Errorf("non ±1 pattern: %v", err)
	}
}

// A blow-up stops the training with an error naming the epoch and the
// quantity; with Recover (the authors' protocol) a non-finite loss shrinks J
// and the step instead, but a non-finite coupling still stops it.
func TestPLStopsAtNonFinite(t *testing.T) {
	xi := randomPatterns(t, 10, 100, 19)
	if _, err := (PseudoLikelihood{Epochs: 5, LearningRate: 1e39}).Train(bg, xi); err == nil || !strings.Contains(err.Error(), "learning rate") {
		t.Errorf("learning rate beyond float32: %v", err)
	}
	// At α = 0.6 Hebb's start has unstable sites, whose gradient λ·O(1/N)
	// times this learning rate overflows float32.
	_, err := PseudoLikelihood{Epochs: 5, LearningRate: 1e25, Lambda: 1e25}.Train(bg, randomPatterns(t, 60, 100, 20))
	var nf *NonFiniteError
	if !errors.As(err, &nf) || nf.Quantity != "coupling" || nf.Epoch != 0 {
		t.Errorf("overflowing step: %v", err)
	}
	// Finite couplings whose fields overflow float32: the loss is +Inf.
	huge, _ := NewCouplings(100)
	for k := range huge.W {
		huge.W[k] = 1e38
	}
	huge.ZeroDiagonal()
	_, err = PseudoLikelihood{Epochs: 5, Start: huge}.Train(bg, xi)
	if !errors.As(err, &nf) || nf.Quantity != "loss" || !strings.Contains(err.Error(), "epoch 0") {
		t.Errorf("overflowing fields: %v", err)
	}
	tr, err := PseudoLikelihood{Epochs: 50, Start: huge, Recover: true}.Train(bg, xi)
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.J.Validate(); err != nil || tr.Log[len(tr.Log)-1].LearningRate >= 10 {
		t.Errorf("after recovery: %v, learning rate %v", err, tr.Log[len(tr.Log)-1].LearningRate)
	}
}

// Training E1 then E2 more epochs from the result equals training E1+E2
// (no NaN recovery involved, so the learning rate does not change).
func TestPLContinueFromStart(t *testing.T) {
	xi := randomPatterns(t, 30, 80, 23)
	pl := PseudoLikelihood{Epochs: 30}
	whole, _ := pl.Couplings(bg, xi)
	pl.Epochs = 10
	first, _ := pl.Couplings(bg, xi)
	pl.Epochs, pl.Start = 20, first
	second, err := pl.Couplings(bg, xi)
	if err != nil {
		t.Fatal(err)
	}
	if e := maxAbsDiff(whole.W, second.W); e != 0 {
		t.Errorf("continued training differs by %v", e)
	}
	if e := maxAbsDiff(first.W, func() []float32 { c, _ := PseudoLikelihood{Epochs: 10}.Couplings(bg, xi); return c.W }()); e != 0 {
		t.Errorf("Start was modified (%v)", e)
	}
	bad, _ := NewCouplings(5)
	if _, err := (PseudoLikelihood{Start: bad}).Train(bg, xi); err == nil {
		t.Error("start of the wrong size accepted")
	}
}

// The PL loss is the mean per-site conditional log-likelihood of the exact
// Boltzmann distribution with λ = β (Z computed by enumeration).
func TestPseudoLikelihoodIsSumOfExactConditionals(t *testing.T) {
	n := 10
	xi := randomPatterns(t, 6, n, 24)
	J, _ := Hebb{}.Couplings(bg, xi)
	for _, beta := range []float64{0.3, 2} {
		b, err := ExactBoltzmann(J, beta)
		if err != nil {
			t.Fatal(err)
		}
		var s float64
		for mu := 0; mu < xi.P; mu++ {
			for i := 0; i < n; i++ {
				s += b.ConditionalLogProb(xi.Row(mu), i)
			}
		}
		l, _ := PseudoLikelihoodLoss(J, xi, beta)
		if math.Abs(-s/float64(xi.P*n)-l) > 1e-9 {
			t.Errorf("β=%v: −mean conditional log-likelihood %v, PL loss %v", beta, -s/float64(xi.P*n), l)
		}
	}
	asym, _ := CouplingsFromRows([][]float64{{0, 1}, {0, 0}})
	if _, err := ExactBoltzmann(asym, 1); err == nil {
		t.Error("asymmetric couplings accepted")
	}
	big, _ := NewCouplings(21)
	if _, err := ExactBoltzmann(big, 1); err == nil {
		t.Error("N = 21 accepted")
	}
}

// Mini-batches: deterministic for a seed, rows still independent, and they
// store the patterns like full-batch training does.
func TestPLMiniBatches(t *testing.T) {
	xi := randomPatterns(t, 90, 120, 25)
	pl := PseudoLikelihood{Epochs: 40, BatchSize: 32, Seed: 3, LearningRate: 5}
	a, err := pl.Train(bg, xi)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := pl.Couplings(bg, xi)
	if e := maxAbsDiff(a.J.W, b.W); e != 0 {
		t.Errorf("same seed, mini-batch runs differ by %v", e)
	}
	pl.Seed = 4
	c, _ := pl.Couplings(bg, xi)
	if e := maxAbsDiff(a.J.W, c.W); e == 0 {
		t.Error("another seed gave the same batches")
	}
	pl.Seed = 3
	row, err := pl.TrainRow(bg, xi, 17)
	if err != nil {
		t.Fatal(err)
	}
	if e := maxAbsDiff(row, a.J.Row(17)); e > 1e-5 {
		t.Errorf("row alone differs by %v", e)
	}
	if last := a.Log[len(a.Log)-1]; last.Stored != 1 || len(a.Log) != 41 {
		t.Errorf("mini-batch training: %d log entries, last %+v", len(a.Log), last)
	}
	if _, err := (PseudoLikelihood{BatchSize: -1}).Train(bg, xi); err == nil {
		t.Error("negative batch size accepted")
	}
}

func TestPLLearningRateDecay(t *testing.T) {
	xi := randomPatterns(t, 10, 30, 26)
	tr, err := PseudoLikelihood{Epochs: 3, LearningRate: 8, LRDecay: 0.5}.Train(bg, xi)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range []float64{8, 4, 2, 1} {
		if tr.Log[k].LearningRate != want {
			t.Errorf("epoch %d: learning rate %v, want %v", k, tr.Log[k].LearningRate, want)
		}
	}
}

// The authors' λ⁻¹ loss scale is the cross-entropy divided by λ: training
// on it with learning rate η and clip c is training on the cross-entropy
// with η/λ and clip cλ; at λ = 1 the two scales coincide.
func TestPLInverseLambdaScale(t *testing.T) {
	xi := randomPatterns(t, 40, 60, 21)
	for _, tc := range []struct {
		lambda, lr, clip float64
	}{{0.1, 100, 20}, {0.1, 100, 0}, {0.25, 3, 0.5}, {1, 10, 20}} {
		authors, err := PseudoLikelihood{Lambda: tc.lambda, LearningRate: tc.lr, GradClip: tc.clip, Epochs: 30, Init: InitZero,
			LossScale: InverseLambdaScale}.Train(bg, xi)
		if err != nil {
			t.Fatal(err)
		}
		ours, err := PseudoLikelihood{Lambda: tc.lambda, LearningRate: tc.lr / tc.lambda, GradClip: tc.clip * tc.lambda, Epochs: 30,
			Init: InitZero}.Train(bg, xi)
		if err != nil {
			t.Fatal(err)
		}
		var diff, norm float64
		for k, v := range authors.J.W {
			diff = math.Max(diff, math.Abs(float64(v-ours.J.W[k])))
			norm = math.Max(norm, math.Abs(float64(v)))
		}
		if !(norm > 0) || diff > 1e-5*norm {
			t.Errorf("λ=%v: largest difference %v (largest coupling %v)", tc.lambda, diff, norm)
		}
		// The log reports the cross-entropy and the gradient norm on the
		// training's own scale.
		a, o := authors.Log[5], ours.Log[5]
		if math.Abs(a.Loss-o.Loss) > 1e-9 || math.Abs(a.GradNorm-o.GradNorm/tc.lambda) > 1e-6*a.GradNorm {
			t.Errorf("λ=%v: logs %+v and %+v", tc.lambda, a, o)
		}
	}
	if _, err := (PseudoLikelihood{LossScale: 7}).Train(bg, xi); err == nil || !strings.Contains(err.Error(), "loss scale") {
		t.Errorf("unknown loss scale: %v", err)
	}
}

// The stable learning rate 2N/(λ²ρ): ρ = N for identical patterns; ρ near
// (1 + √(N/P))² for random ones.
func TestStableLearningRate(t *testing.T) {
	same := make([][]int8, 5)
	for k := range same {
		same[k] = []int8{1, -1, 1, 1, -1, -1, 1, -1}
	}
	xi, _ := NewPatterns(same)
	if got, err := StableLearningRate(xi, 0.5); err != nil || math.Abs(got-8) > 1e-9 {
		t.Errorf("identical patterns: %v %v, want 2N/(λ²N) = 8", got, err)
	}
	r := randomPatterns(t, 800, 200, 3)
	got, _ := StableLearningRate(r, 1)
	rho := math.Pow(1+math.Sqrt(200.0/800), 2)
	if math.Abs(got-400/rho) > 0.1*400/rho {
		t.Errorf("random patterns: %v, want about %v", got, 400/rho)
	}
	if _, err := StableLearningRate(r, math.NaN()); err == nil {
		t.Error("NaN λ accepted")
	}
}

// InitUniform draws couplings uniform in ±1/√N (PyTorch's nn.Linear
// default), variance 1/(3N), zero diagonal, one stream per row.
func TestPLInitUniform(t *testing.T) {
	xi := randomPatterns(t, 10, 400, 5)
	tr, err := PseudoLikelihood{Init: InitUniform, Seed: 9, Epochs: 1, LearningRate: 1e-30}.Train(bg, xi)
	if err != nil {
		t.Fatal(err)
	}
	J, bound := tr.J, 1/math.Sqrt(400)
	var m, v float64
	for i := 0; i < J.N; i++ {
		for j := 0; j < J.N; j++ {
			w := J.At(i, j)
			if i == j && w != 0 || math.Abs(w) > bound*(1+1e-6) {
				t.Fatalf("J[%d][%d] = %v (bound %v)", i, j, w, bound)
			}
			m += w
			v += w * w
		}
	}
	m /= float64(J.N * (J.N - 1))
	v /= float64(J.N * (J.N - 1))
	if math.Abs(m) > 1e-4 || math.Abs(v*3*400-1) > 0.02 {
		t.Errorf("mean %v, variance × 3N = %v", m, v*3*400)
	}
	if InitUniform.String() != "uniform" {
		t.Error(InitUniform.String())
	}
}
