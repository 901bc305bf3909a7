package plm

import (
	"context"
	"math"
	"runtime"
	"testing"
)

// Two spins: row 0 sees only ξ_0ξ_1, with a fraction c of +1, and its
// minimum is J_01 = atanh(2c − 1)/λ.
func TestMinimumTwoSpinsAnalytic(t *testing.T) {
	xi, err := NewPatterns([][]float32{{1, 1}, {1, 1}, {-1, -1}, {1, -1}, {-1, 1}}) // ξ_0ξ_1 = +1, +1, +1, −1, −1
	if err != nil {
		t.Fatal(err)
	}
	for _, lambda := range []float64{0.5, 1, 3} {
		tr, err := PLMinimum{Lambda: lambda, Tolerance: 1e-6}.Train(bg, xi)
		if err != nil {
			t.Fatal(err)
		}
		want := math.Atanh(2*0.6-1) / lambda
		for _, got := range []float64{tr.J.At(0, 1), tr.J.At(1, 0)} {
			if math.Abs(got-want) > 1e-5 {
				t.Errorf("λ=%v: J = %v, want atanh(0.2)/λ = %v", lambda, got, want)
			}
		}
		if !tr.Converged {
			t.Errorf("λ=%v: not converged: %+v", lambda, tr.Log[len(tr.Log)-1])
		}
	}
}

// On non-separable data (α = 10) the minimum is unique: L-BFGS meets the
// tolerance, its loss is not above a long gradient descent's, and the two
// couplings agree; a warm start from the result stops at once; the result
// is the same bit for bit on one thread.
func TestMinimumMatchesGradientDescent(t *testing.T) {
	xi := randomPatterns(t, 300, 30, 11)
	tr, err := PLMinimum{Tolerance: 1e-6}.Train(bg, xi)
	if err != nil {
		t.Fatal(err)
	}
	last := tr.Log[len(tr.Log)-1]
	if !tr.Converged || last.MaxGradRMS > 1e-6 || last.Stalled > 0 {
		t.Fatalf("not converged: %+v", last)
	}
	t.Logf("%d iterations, %d evaluations", last.Iteration, last.Evaluations)
	if last.Iteration > 100 {
		t.Errorf("%d iterations for N = 30, α = 10", last.Iteration)
	}
	gd, err := PseudoLikelihood{LearningRate: 5, Epochs: 4000, Init: InitZero}.Train(bg, xi)
	if err != nil {
		t.Fatal(err)
	}
	gdLoss := gd.Log[len(gd.Log)-1].Loss
	if last.Loss > gdLoss+1e-9 {
		t.Errorf("L-BFGS loss %v above gradient descent's %v", last.Loss, gdLoss)
	}
	var diff, norm float64
	for k, v := range tr.J.W {
		diff += math.Pow(float64(v-gd.J.W[k]), 2)
		norm += float64(v) * float64(v)
	}
	if r := math.Sqrt(diff / norm); r > 1e-3 {
		t.Errorf("‖J_LBFGS − J_GD‖/‖J‖ = %v", r)
	}
	warm, err := PLMinimum{Tolerance: 1e-6, Start: tr.J}.Train(bg, xi)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(warm.Log) - 1; n > 1 {
		t.Errorf("warm start from the minimum took %d iterations", n)
	}
	old := runtime.GOMAXPROCS(1)
	one, err := PLMinimum{Tolerance: 1e-6}.Train(bg, xi)
	runtime.GOMAXPROCS(old)
	if err != nil {
		t.Fatal(err)
	}
	for k := range one.J.W {
		if one.J.W[k] != tr.J.W[k] {
			t.Fatalf("entry %d: %v on one thread, %v on %d", k, one.J.W[k], tr.J.W[k], old)
		}
	}
}

// The loss, gradient and stored fraction of the per-column pass are those
// of the per-pattern pass the trainer uses.
func TestMinimumEvaluationMatchesLoss(t *testing.T) {
	xi := randomPatterns(t, 1100, 25, 3) // three chunks, the last partial
	J, _ := Hebb{}.Couplings(bg, xi)
	b := newPLBlock(xi, 0, xi.N)
	copy(b.W, J.W)
	s := newLBFGS(b, 0.7, 3)
	if err := s.evaluate(); err != nil {
		t.Fatal(err)
	}
	loss, _ := PseudoLikelihoodLoss(J, xi, 0.7)
	if math.Abs(s.loss-loss) > 1e-7*loss { // float32 fields here, float64 there
		t.Errorf("loss %v, PseudoLikelihoodLoss %v", s.loss, loss)
	}
	g, _ := PseudoLikelihoodGradient(J, xi, 0.7)
	for k, v := range g {
		// Per-row mean against the mean over all N rows.
		if w := v * float64(xi.N); math.Abs(s.g[k]-w) > 1e-5*(math.Abs(w)+1e-2) {
			t.Fatalf("gradient entry %d: %v, PseudoLikelihoodGradient·N %v", k, s.g[k], w)
		}
	}
}

func TestMinimumBadInput(t *testing.T) {
	xi := randomPatterns(t, 10, 5, 1)
	for _, m := range []PLMinimum{
		{Tolerance: -1}, {Tolerance: math.NaN()}, {Memory: 101}, {Memory: -1}, {MaxIterations: -1}, {Lambda: -1}, {Init: Init(9)},
		{Start: &Couplings{N: 4, W: make([]float32, 16)}},
	} {
		if _, err := m.Train(bg, xi); err == nil {
			t.Errorf("%+v: no error", m)
		}
	}
	one, _ := NewPatterns([][]float32{{1}, {-1}, {1}})
	if _, err := (PLMinimum{}).Train(bg, one); err == nil {
		t.Error("N = 1: no error")
	}
	ctx, cancel := context.WithCancel(bg)
	cancel()
	tr, err := PLMinimum{}.Train(ctx, randomPatterns(t, 100, 10, 2))
	if err != context.Canceled || tr == nil || len(tr.Log) != 1 {
		t.Errorf("cancelled: err %v, training %v", err, tr)
	}
}

// Below the perceptron capacity every row separates its patterns: the
// infimum is at infinite norm, and each row stops as soon as it separates.
func TestMinimumSeparableRowsStop(t *testing.T) {
	xi := randomPatterns(t, 20, 40, 8) // α = 0.5
	tr, err := PLMinimum{}.Train(bg, xi)
	if err != nil {
		t.Fatal(err)
	}
	last := tr.Log[len(tr.Log)-1]
	if !tr.Converged || last.Separable != xi.N || last.Stored != 1 {
		t.Errorf("α = 0.5: %+v", last)
	}
	if last.Iteration > 20 {
		t.Errorf("%d iterations to separate", last.Iteration)
	}
}

// With the penalty the minimum is the zero of f_i'(J) + L2·J (two spins,
// where f_i is known in closed form), and it lies at finite norm even on
// separable data: no row stops as separable, every row converges.
func TestMinimumL2Penalty(t *testing.T) {
	xi, err := NewPatterns([][]float32{{1, 1}, {1, 1}, {-1, -1}, {1, -1}, {-1, 1}}) // ξ_0ξ_1 = +1, +1, +1, −1, −1
	if err != nil {
		t.Fatal(err)
	}
	z := []float64{1, 1, 1, -1, -1}
	for _, l2 := range []float64{0.1, 1, 10} {
		tr, err := PLMinimum{L2: l2, Tolerance: 1e-7}.Train(bg, xi)
		if err != nil {
			t.Fatal(err)
		}
		J := tr.J.At(0, 1)
		g := l2 * J // d/dJ of (1/P) Σ log(1 + e^{−2 z J}) + (L2/2) J²
		for _, v := range z {
			g -= 2 * v / (1 + math.Exp(2*v*J)) / float64(len(z))
		}
		if math.Abs(g) > 1e-6 || !(J > 0 && J < math.Atanh(0.2)) {
			t.Errorf("L2 = %v: J = %v (unpenalised %v), gradient %v", l2, J, math.Atanh(0.2), g)
		}
	}
	sep := randomPatterns(t, 20, 40, 8) // α = 0.5: every row separable
	tr, err := PLMinimum{L2: 0.01, Tolerance: 1e-6}.Train(bg, sep)
	if err != nil {
		t.Fatal(err)
	}
	last := tr.Log[len(tr.Log)-1]
	if !tr.Converged || last.Separable != 0 || last.Converged != sep.N || !(tr.J.MeanRowNorm() < 100) {
		t.Errorf("separable rows with L2: %+v, mean row norm %v", last, tr.J.MeanRowNorm())
	}
	for _, l2 := range []float64{-1, math.NaN(), math.Inf(1)} {
		if _, err := (PLMinimum{L2: l2}).Train(bg, sep); err == nil {
			t.Errorf("L2 = %v: no error", l2)
		}
	}
}
