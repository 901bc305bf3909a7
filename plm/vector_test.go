package plm

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
)

func TestVectorPatternsValidation(t *testing.T) {
	good := []float32{1, 0, 0, 1}
	for _, c := range []struct {
		name    string
		p, n, d int
		data    []float32
		want    string
	}{
		{"size", 1, 2, 2, good[:3], "3 values"},
		{"zero vector", 1, 2, 2, []float32{1, 0, 0, 0}, "norm 0"},
		{"long vector", 1, 2, 2, []float32{1, 0, 2, 0}, "norm 2"},
		{"NaN", 1, 2, 2, []float32{1, 0, float32(math.NaN()), 1}, "non-finite"},
		{"d = 0", 1, 2, 0, nil, "dimension d"},
		{"P = 0", 0, 2, 2, nil, "P > 0"},
	} {
		if _, err := NewVectorPatterns(c.p, c.n, c.d, c.data); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error saying %q", c.name, err, c.want)
		}
	}
	if _, err := NewVectorPatterns(1, 2, 2, good); err != nil {
		t.Error(err)
	}
	x, err := RandomVectorPatterns(50, 20, 3, rand.New(rand.NewPCG(1, 2)))
	if err != nil || x.Validate() != nil {
		t.Fatal(err)
	}
	// Uniform on the sphere: each component has mean 0 and variance 1/d.
	var m, v float64
	for _, c := range x.Data {
		m += float64(c)
		v += float64(c) * float64(c)
	}
	m, v = m/float64(len(x.Data)), v/float64(len(x.Data))
	if math.Abs(m) > 0.03 || math.Abs(v-1.0/3) > 1e-6 {
		t.Errorf("components: mean %v, second moment %v (want 0, 1/3)", m, v)
	}
}

// With d = 1 the vector loss, gradient and training are the Ising ones.
func TestVectorD1IsIsing(t *testing.T) {
	ctx := context.Background()
	xi, _ := RandomPatterns(60, 40, rand.New(rand.NewPCG(3, 4)))
	x, err := NewVectorPatterns(60, 40, 1, xi.Data)
	if err != nil {
		t.Fatal(err)
	}
	hi, _ := Hebb{}.Couplings(ctx, xi)
	hv, _ := VectorHebb(x)
	if d := maxAbs32(hi.W, hv.W); d > 1e-6 {
		t.Fatalf("Hebb differs by %v", d)
	}
	for _, lambda := range []float64{0.3, 1, 4} {
		li, _ := PseudoLikelihoodLoss(hi, xi, lambda)
		lv, err := VectorPLLoss(hv, x, lambda)
		if err != nil || math.Abs(li-lv) > 1e-6*li {
			t.Errorf("λ = %v: loss Ising %.9g, vector %.9g (%v)", lambda, li, lv, err)
		}
		gi, _ := PseudoLikelihoodGradient(hi, xi, lambda)
		gv, _ := VectorPLGradient(hv, x, lambda)
		if d, s := maxAbs64(gi, gv), maxAbs64(gi, make([]float64, len(gi))); d > 1e-4*s {
			t.Errorf("λ = %v: gradients differ by %v (largest entry %v)", lambda, d, s)
		}
	}
	ti, _ := PseudoLikelihood{Epochs: 100, GradClip: 20}.Train(ctx, xi)
	tv, err := VectorPseudoLikelihood{Epochs: 100, GradClip: 20}.Train(ctx, x)
	if err != nil {
		t.Fatal(err)
	}
	if d, s := maxAbs32(ti.J.W, tv.J.W), ti.J.MeanRowNorm(); d > 1e-4*s {
		t.Errorf("trained couplings differ by %v (row norm %v)", d, s)
	}
	last := func(l []EpochLog) EpochLog { return l[len(l)-1] }
	if a, b := last(ti.Log), last(tv.Log); math.Abs(a.Loss-b.Loss) > 1e-6 || a.Stored != b.Stored || math.Abs(a.Lambda-b.Lambda) > 1e-5*a.Lambda {
		t.Errorf("last epoch: Ising %+v, vector %+v", a, b)
	}
}

func maxAbs32(a, b []float32) float64 {
	var m float64
	for k := range a {
		m = math.Max(m, math.Abs(float64(a[k]-b[k])))
	}
	return m
}

func maxAbs64(a, b []float64) float64 {
	var m float64
	for k := range a {
		m = math.Max(m, math.Abs(a[k]-b[k]))
	}
	return m
}

// randomVectorCouplings has Gaussian off-diagonal blocks of scale s.
func randomVectorCouplings(n, d int, s float64, sym bool, rng *rand.Rand) *VectorCouplings {
	J, _ := NewVectorCouplings(n, d)
	nd := n * d
	for r := 0; r < nd; r++ {
		for c := 0; c < nd; c++ {
			if r/d != c/d && (!sym || c > r) {
				J.W[r*nd+c] = float32(s * rng.NormFloat64())
				if sym {
					J.W[c*nd+r] = J.W[r*nd+c]
				}
			}
		}
	}
	return J
}

func TestVectorPLGradientFiniteDifferences(t *testing.T) {
	for _, d := range []int{2, 3} {
		rng := rand.New(rand.NewPCG(5, uint64(d)))
		x, _ := RandomVectorPatterns(7, 5, d, rng)
		J := randomVectorCouplings(5, d, 0.4, false, rng)
		const lambda = 1.3
		g, err := VectorPLGradient(J, x, lambda)
		if err != nil {
			t.Fatal(err)
		}
		nd := 5 * d
		for _, k := range []int{1*nd + 3, 2*nd + nd - 1, (nd-1)*nd + 0, 4*nd + 7} {
			if k/nd/d == k%nd/d {
				continue
			}
			const eps = 1e-2
			w := J.W[k]
			J.W[k] = w + eps
			up, _ := VectorPLLoss(J, x, lambda)
			J.W[k] = w - eps
			down, _ := VectorPLLoss(J, x, lambda)
			J.W[k] = w
			num := (up - down) / (2 * eps)
			if math.Abs(num-g[k]) > 2e-4*math.Max(1e-2, math.Abs(g[k])) {
				t.Errorf("d = %d, entry %d: gradient %.7g, finite differences %.7g", d, k, g[k], num)
			}
		}
	}
}

// Hebb's vector memory loses its patterns as the load grows (continuous
// spins respond linearly to the cross-talk: already at α = 0.2 the
// patterns are unstable for d = 2); PL keeps them as attractors where Hebb
// has lost them.
func TestVectorHebbCapacityAndPL(t *testing.T) {
	ctx := context.Background()
	retrieval := func(d int, alpha float64, pl bool) float64 {
		x, _ := RandomVectorPatterns(int(alpha*150), 150, d, rand.New(rand.NewPCG(7, uint64(d))))
		J, _ := VectorHebb(x)
		if pl {
			J, _ = VectorPseudoLikelihood{Epochs: 300, LearningRate: 300, GradClip: 20}.Couplings(ctx, x)
		}
		r, err := VectorDynamics{}.Run(ctx, J, x)
		if err != nil {
			t.Fatal(err)
		}
		var m float64
		for mu := 0; mu < x.P; mu++ {
			m += VectorOverlap(r.Final.Row(mu), x.Row(mu), x.N) / float64(x.P)
		}
		return m
	}
	var prev float64 = 2
	for _, a := range []float64{0.02, 0.1, 0.3} {
		m := retrieval(2, a, false)
		if !(m < prev) {
			t.Errorf("Hebb d = 2: retrieval %.3f at α = %v does not fall with the load (before: %.3f)", m, a, prev)
		}
		prev = m
	}
	if hebb, pl := retrieval(3, 0.3, false), retrieval(3, 0.3, true); !(hebb < 0.5 && pl > 0.99) {
		t.Errorf("d = 3, α = 0.3: Hebb retrieves %.3f, PL %.3f", hebb, pl)
	}
}

func TestVectorDynamicsAndStarts(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(9, 9))
	x, _ := RandomVectorPatterns(5, 100, 3, rng)
	s := make([]float32, 300)
	for _, m := range []float64{0, 0.3, 0.9, 1} {
		if err := NoisyVectorStart(s, x.Row(0), 100, 3, m, rng); err != nil {
			t.Fatal(err)
		}
		if got := VectorOverlap(s, x.Row(0), 100); math.Abs(got-m) > 1e-5 {
			t.Errorf("start at m_in = %v has overlap %v", m, got)
		}
		if _, err := NewVectorPatterns(1, 100, 3, s); err != nil {
			t.Errorf("noisy start is not on the sphere: %v", err)
		}
	}
	if err := NoisyVectorStart(s, x.Row(0), 100, 3, 1.5, rng); err == nil {
		t.Error("m_in = 1.5 accepted")
	}
	J, _ := VectorPseudoLikelihood{Epochs: 100, LearningRate: 300}.Couplings(ctx, x)
	starts := &VectorPatterns{P: 1, N: 100, D: 3, Data: append([]float32(nil), s...)}
	NoisyVectorStart(starts.Data, x.Row(1), 100, 3, 0.5, rng)
	for _, async := range []bool{false, true} {
		r, err := VectorDynamics{Asynchronous: async}.Run(ctx, J, starts)
		if err != nil {
			t.Fatal(err)
		}
		if m := VectorOverlap(r.Final.Row(0), x.Row(1), 100); !(m > 0.99) || !r.FixedPoint[0] {
			t.Errorf("async %v: from m_in 0.5 to %.4f (fixed point %v, %d steps)", async, m, r.FixedPoint[0], r.Steps[0])
		}
	}
	// Zero fields: every spin keeps its direction; a fixed point at once.
	zero, _ := NewVectorCouplings(100, 3)
	r, _ := VectorDynamics{}.Run(ctx, zero, starts)
	if maxAbs32(r.Final.Data, starts.Data) != 0 || !r.FixedPoint[0] || r.Steps[0] != 1 {
		t.Error("zero couplings moved a spin")
	}
	c, err := VectorBasins(ctx, J, x, BasinSettings{MIn: []float64{0.2, 0.6, 1}, Trials: 2, Seed: 3}, VectorDynamics{})
	if err != nil || c.MF[2] < 0.99 || c.Retrieved[2] != 1 || c.MF[0] > c.MF[2]+1e-5 {
		t.Errorf("basin curve %+v, %v", c, err)
	}
}

// −∇F = Layer + Key, checked by finite differences of F; attention rows
// are distributions.
func TestAttentionGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 1))
	for _, sym := range []bool{false, true} {
		J := randomVectorCouplings(6, 3, 0.5, sym, rng)
		x := make([]float64, 18)
		for k := range x {
			x[k] = rng.NormFloat64()
		}
		a, err := Attention(J, x, 0.7)
		if err != nil {
			t.Fatal(err)
		}
		for i, row := range a.A {
			var s float64
			for _, v := range row {
				s += v
			}
			if math.Abs(s-1) > 1e-12 || row[i] != 0 {
				t.Errorf("attention row %d sums to %v", i, s)
			}
		}
		for k := range x {
			const eps = 1e-6
			x[k] += eps
			up, _ := Attention(J, x, 0.7)
			x[k] -= 2 * eps
			down, _ := Attention(J, x, 0.7)
			x[k] += eps
			num := -(up.F - down.F) / (2 * eps)
			if got := a.Layer[k] + a.Key[k]; math.Abs(got-num) > 1e-6 {
				t.Errorf("sym %v, component %d: −∇F = %v, finite differences %v", sym, k, got, num)
			}
		}
	}
	if _, err := Attention(randomVectorCouplings(3, 2, 1, false, rng), []float64{1, 2}, 1); err == nil {
		t.Error("wrong size accepted")
	}
}

// The authors' λ⁻¹ scale is the cross-entropy with the learning rate
// times λ; the training does not depend on the number of threads.
func TestVectorTrainerOptions(t *testing.T) {
	ctx := context.Background()
	x, _ := RandomVectorPatterns(30, 20, 2, rand.New(rand.NewPCG(13, 1)))
	a, _ := VectorPseudoLikelihood{Lambda: 2, LearningRate: 20, Epochs: 30, LossScale: InverseLambdaScale}.Couplings(ctx, x)
	b, _ := VectorPseudoLikelihood{Lambda: 2, LearningRate: 10, Epochs: 30}.Couplings(ctx, x)
	if d := maxAbs32(a.W, b.W); d > 1e-6 {
		t.Errorf("λ⁻¹ scale at twice the rate differs by %v", d)
	}
	prev := runtime.GOMAXPROCS(1)
	one, _ := VectorPseudoLikelihood{Epochs: 30, LearningRate: 100}.Train(ctx, x)
	runtime.GOMAXPROCS(max(prev, 2))
	two, _ := VectorPseudoLikelihood{Epochs: 30, LearningRate: 100}.Train(ctx, x)
	runtime.GOMAXPROCS(prev)
	if maxAbs32(one.J.W, two.J.W) != 0 || one.Log[30].Loss != two.Log[30].Loss {
		t.Error("the training depends on GOMAXPROCS")
	}
	for _, c := range []struct {
		pl   VectorPseudoLikelihood
		want string
	}{
		{VectorPseudoLikelihood{Lambda: -1}, "inverse temperature"},
		{VectorPseudoLikelihood{LearningRate: math.NaN()}, "learning rate"},
		{VectorPseudoLikelihood{Init: InitRandom}, "Hebb or zero"},
		{VectorPseudoLikelihood{GradClip: -1}, "gradient clip"},
	} {
		if _, err := c.pl.Train(ctx, x); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.pl, err, c.want)
		}
	}
	J, _ := VectorHebb(x)
	J.W[0] = 1 // inside the diagonal block J_00
	if err := J.Validate(); err == nil || !strings.Contains(err.Error(), "diagonal block J_00") {
		t.Errorf("non-zero diagonal block: %v", err)
	}
	other, _ := RandomVectorPatterns(3, 20, 3, rand.New(rand.NewPCG(1, 1)))
	if _, err := VectorPLLoss(b, other, 1); err == nil || !strings.Contains(err.Error(), "d=3") {
		t.Errorf("patterns of another d: %v", err)
	}
}
