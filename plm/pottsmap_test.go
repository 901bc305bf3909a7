package plm

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
)

// exactPotts returns a random symmetric Potts model and its exact
// distribution as a weighted "alignment" of all Q^L sequences.
func exactPotts(t *testing.T, L, Q int, seed uint64) (*PottsModel, *Sequences, []float64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	m, err := NewPottsModel(L, Q, -1)
	if err != nil {
		t.Fatal(err)
	}
	for k := range m.H {
		m.H[k] = 0.5 * rng.NormFloat64()
	}
	for i := range L {
		for j := i + 1; j < L; j++ {
			for a := range Q {
				for b := range Q {
					v := 0.5 * rng.NormFloat64()
					m.J[((i*L+j)*Q+a)*Q+b] = v
					m.J[((j*L+i)*Q+b)*Q+a] = v
				}
			}
		}
	}
	n := 1
	for range L {
		n *= Q
	}
	states := make([]uint8, n*L)
	w := make([]float64, n)
	z := 0.0
	for k := range n {
		c := k
		row := states[k*L : (k+1)*L]
		for i := range L {
			row[i] = uint8(c % Q)
			c /= Q
		}
		w[k] = math.Exp(-m.Energy(row))
		z += w[k]
	}
	for k := range w {
		w[k] /= z
	}
	s, err := NewSequences(n, L, Q, states)
	if err != nil {
		t.Fatal(err)
	}
	return m, s, w
}

// maxGaugeDiff is the largest difference between two models' parameters
// in the zero-sum gauge.
func maxGaugeDiff(a, b *PottsModel) float64 {
	za, zb := a.ZeroSum(), b.ZeroSum()
	d := 0.0
	for k := range za.H {
		d = max(d, math.Abs(za.H[k]-zb.H[k]))
	}
	for k := range za.J {
		d = max(d, math.Abs(za.J[k]-zb.J[k]))
	}
	return d
}

// PL is consistent: fed the exact distribution of a Potts model, its
// unpenalised maximum is that model (PlmDCA.jl's test).
func TestPottsMAPRecoversExactModel(t *testing.T) {
	for _, asym := range []bool{false, true} {
		truth, s, w := exactPotts(t, 4, 3, 7)
		fit, err := PottsMAP{Asymmetric: asym, Tolerance: 1e-7, MaxIterations: 3000}.Fit(context.Background(), s, w)
		if err != nil {
			t.Fatal(err)
		}
		d := maxGaugeDiff(fit.Model, truth)
		t.Logf("asymmetric=%v: largest parameter error %.2g after %d iterations (%s)", asym, d, fit.Iterations, fit.Status)
		if d > 1e-5 {
			t.Errorf("asymmetric=%v: parameters differ from the true ones by %.3g (> 1e-5) after %d iterations (%s)", asym, d, fit.Iterations, fit.Status)
		}
		// The true model is a stationary point of the objective.
		if fit.GradNorm > 1e-5 {
			t.Errorf("asymmetric=%v: gradient norm %.3g at the end", asym, fit.GradNorm)
		}
	}
}

// The gradient agrees with central differences of the objective, with
// penalties, a gap state and weights.
func TestPottsMAPGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	L, Q, M := 5, 4, 40
	st := make([]uint8, L*M)
	for k := range st {
		st[k] = uint8(rng.IntN(Q))
	}
	s, _ := NewSequences(M, L, Q, st)
	w := make([]float64, M)
	for k := range w {
		w[k] = 0.2 + rng.Float64()
	}
	for _, asym := range []bool{false, true} {
		m := PottsMAP{LambdaH: 0.3, LambdaJ: 0.7, IgnoreGap: true, Asymmetric: asym}
		o, err := newPottsObjective(context.Background(), m, s, w)
		if err != nil {
			t.Fatal(err)
		}
		x := o.start()
		for k := range x {
			x[k] += 0.3 * rng.NormFloat64()
		}
		g := make([]float64, len(x))
		if _, err := o.eval(x, g); err != nil {
			t.Fatal(err)
		}
		scratch := make([]float64, len(x))
		value := func(x []float64) float64 { f, _ := o.eval(x, scratch); return f }
		const h = 1e-3
		worst := 0.0
		for k := 0; k < len(x); k += 7 {
			xp := append([]float64(nil), x...)
			xm := append([]float64(nil), x...)
			xp[k] += h
			xm[k] -= h
			num := (value(xp) - value(xm)) / (2 * h)
			worst = max(worst, math.Abs(num-g[k]))
		}
		if worst > 2e-3 {
			t.Errorf("asymmetric=%v: gradient differs from central differences by %.3g", asym, worst)
		}
		// The float64 objective of the last iterations agrees with the
		// float32 pass.
		o.expand(x)
		fast, _, err := o.sc.passTerms(context.Background(), o.J, s, 1, pottsTerms{w: w, h: o.hf, gap: o.gap, sum: true}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if exact := o.exactNLL(x); math.Abs(exact-fast) > 1e-5*math.Abs(exact) {
			t.Errorf("asymmetric=%v: −log PL %v in float64, %v in the float32 pass", asym, exact, fast)
		}
	}
}

// The same sequences give the same estimate on 1 thread and on many, and
// with the gap ignored every gap parameter stays zero.
func TestPottsMAPDeterministicAndGapFree(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	L, Q, M := 12, 5, 300
	st := make([]uint8, L*M)
	for k := range st {
		st[k] = uint8(rng.IntN(Q))
		if k%L > 0 && rng.Float64() < 0.6 {
			st[k] = st[k-1] // correlated neighbours
		}
	}
	s, _ := NewSequences(M, L, Q, st)
	m := PottsMAP{LambdaH: 0.01, LambdaJ: 0.5, IgnoreGap: true, MaxIterations: 30}
	many, err := m.Fit(context.Background(), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	old := runtime.GOMAXPROCS(1)
	one, err := m.Fit(context.Background(), s, nil)
	runtime.GOMAXPROCS(old)
	if err != nil {
		t.Fatal(err)
	}
	for k := range many.Model.J {
		if many.Model.J[k] != one.Model.J[k] {
			t.Fatalf("coupling %d: %v on many threads, %v on one", k, many.Model.J[k], one.Model.J[k])
		}
	}
	if many.Objective != one.Objective {
		t.Errorf("objective %v vs %v", many.Objective, one.Objective)
	}
	mod := many.Model
	for i := range L {
		if mod.Field(i, 0) != 0 {
			t.Errorf("gap field h_%d(0) = %v", i, mod.Field(i, 0))
		}
		for j := range L {
			for b := range Q {
				if mod.Coupling(i, 0, j, b) != 0 || mod.Coupling(i, b, j, 0) != 0 {
					t.Fatalf("gap coupling of (%d, %d) is not zero", i, j)
				}
			}
		}
	}
	if len(many.Log) == 0 || many.Log[len(many.Log)-1].Objective > many.Log[0].Objective {
		t.Errorf("objective did not decrease: %+v", many.Log)
	}
}

func TestPottsMAPBadInput(t *testing.T) {
	s, _ := NewSequences(2, 3, 3, []uint8{0, 1, 2, 2, 1, 0})
	cases := []struct {
		m    PottsMAP
		w    []float64
		want string
	}{
		{PottsMAP{LambdaJ: -1}, nil, "λ_J"},
		{PottsMAP{LambdaH: math.NaN()}, nil, "λ_h"},
		{PottsMAP{MaxIterations: -3}, nil, "iteration limit"},
		{PottsMAP{}, []float64{1}, "2 sequences"},
		{PottsMAP{}, []float64{1, math.Inf(1)}, "weight of sequence 2"},
		{PottsMAP{}, []float64{0, 0}, "sum to 0"},
	}
	for _, c := range cases {
		_, err := c.m.Fit(context.Background(), s, c.w)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want it to mention %q", c.m, err, c.want)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (PottsMAP{}).Fit(ctx, s, nil); err == nil {
		t.Error("a cancelled context did not stop the fit")
	}
}
