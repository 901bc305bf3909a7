package plm

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

func TestDynamicsCycles(t *testing.T) {
	for _, c := range []struct {
		name      string
		rows      [][]float64
		start     []int
		cycle     int
		finalSync []int // after FixedSteps with MaxSteps = 5
	}{
		// J_12 = 1, J_21 = −1 rotates (1,1) → (1,−1) → (−1,−1) → (−1,1) → (1,1).
		{"rotation", [][]float64{{0, 1}, {-1, 0}}, []int{1, 1}, 4, []int{1, -1}},
		// Symmetric antiferromagnet: (1,1) ↔ (−1,−1).
		{"two-cycle", [][]float64{{0, -1}, {-1, 0}}, []int{1, 1}, 2, []int{-1, -1}},
		{"fixed", [][]float64{{0, 1}, {1, 0}}, []int{1, 1}, 0, []int{1, 1}},
	} {
		J, _ := CouplingsFromRows(c.rows)
		x0, _ := NewPatterns([][]int{c.start})
		r, err := Dynamics{}.Run(bg, J, x0)
		if err != nil {
			t.Fatal(err)
		}
		if r.CycleLength[0] != c.cycle || r.FixedPoint[0] != (c.cycle == 0) {
			t.Errorf("%s: cycle %d fixed %v, want cycle %d", c.name, r.CycleLength[0], r.FixedPoint[0], c.cycle)
		}
		r, _ = Dynamics{MaxSteps: 5, FixedSteps: true}.Run(bg, J, x0)
		for i, v := range c.finalSync {
			if r.Final.Data[i] != float32(v) {
				t.Errorf("%s: after 5 fixed steps state %v, want %v", c.name, r.Final.Data, c.finalSync)
				break
			}
		}
	}
}

func TestSignOfZeroIsPlus(t *testing.T) {
	J, _ := NewCouplings(3)
	x0, _ := NewPatterns([][]int{{-1, 1, -1}})
	for _, m := range []Mode{Synchronous, Asynchronous} {
		r, _ := Dynamics{Mode: m}.Run(bg, J, x0)
		for _, v := range r.Final.Data {
			if v != 1 {
				t.Fatalf("%v: zero fields gave %v, want all +1", m, r.Final.Data)
			}
		}
	}
}

// Final fixed points are exact: recomputed fields agree with every spin, and
// synchronous and asynchronous dynamics agree on which states are fixed.
func TestSyncAsyncAgreeOnFixedPoints(t *testing.T) {
	n := 150
	xi := randomPatterns(t, 30, n, 20)
	J, _ := PseudoLikelihood{Epochs: 60}.Couplings(bg, xi)
	starts, _ := RandomPatterns(40, n, rand.New(rand.NewPCG(3, 3)))
	all := &Patterns{P: xi.P + starts.P, N: n, Data: append(append([]float32{}, xi.Data...), starts.Data...)}
	for _, mode := range []Mode{Synchronous, Asynchronous} {
		r, err := Dynamics{Mode: mode, Seed: 4}.Run(bg, J, all)
		if err != nil {
			t.Fatal(err)
		}
		fixed := 0
		for mu := 0; mu < all.P; mu++ {
			if mu < xi.P && (r.Steps[mu] != 0 || !r.FixedPoint[mu]) {
				t.Errorf("%v: stored pattern %d moved (%d steps)", mode, mu, r.Steps[mu])
			}
			if !r.FixedPoint[mu] {
				continue
			}
			fixed++
			one, _ := r.Final.Subset([]int{mu})
			// All Δ > 0 on the state reached...
			d, _ := Stabilities(J, one)
			if m := minOf(d); m <= 0 {
				t.Errorf("%v: fixed point %d has Δ = %v", mode, mu, m)
			}
			// ...and the other mode leaves it where it is.
			other := Dynamics{Mode: 1 - mode}
			r2, _ := other.Run(bg, J, one)
			if r2.Steps[0] != 0 || !r2.FixedPoint[0] {
				t.Errorf("%v fixed point %d is not fixed for %v", mode, mu, 1-mode)
			}
		}
		if fixed < xi.P {
			t.Errorf("%v: only %d fixed points", mode, fixed)
		}
	}
}

func TestDynamicsDeterministicAndErrors(t *testing.T) {
	n := 100
	xi := randomPatterns(t, 10, n, 21)
	J, _ := Hebb{}.Couplings(bg, xi)
	starts, _ := RandomPatterns(300, n, rand.New(rand.NewPCG(5, 5)))
	d := Dynamics{Mode: Asynchronous, Seed: 9}
	a, _ := d.Run(bg, J, starts)
	b, _ := d.Run(bg, J, starts)
	for k := range a.Final.Data {
		if a.Final.Data[k] != b.Final.Data[k] {
			t.Fatal("asynchronous dynamics not reproducible for a seed")
		}
	}
	for _, bad := range []Dynamics{{Mode: 7}, {MaxSteps: -1}} {
		if _, err := bad.Run(bg, J, starts); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	short, _ := NewPatterns([][]int{{1, -1}})
	if _, err := d.Run(bg, J, short); err == nil {
		t.Error("states of the wrong size accepted")
	}
	ctx, cancel := context.WithCancel(bg)
	cancel()
	if _, err := d.Run(ctx, J, starts); err == nil {
		t.Error("cancelled context ignored")
	}
}

func TestBasins(t *testing.T) {
	n := 200
	xi := randomPatterns(t, 40, n, 22)
	J, _ := PseudoInverse{}.Couplings(bg, xi)
	s := BasinSettings{Trials: 2, Seed: 3}
	c, err := Basins(bg, J, xi, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.MIn) != 21 || c.MF[20] != 1 || c.Retrieved[20] != 1 {
		t.Fatalf("at m_in = 1: m_F %v retrieved %v", c.MF[20], c.Retrieved[20])
	}
	if math.Abs(c.MF[0]) > 0.2 {
		t.Errorf("from random starts m_F = %v, want ≈ 0", c.MF[0])
	}
	c2, _ := Basins(bg, J, xi, s)
	for k := range c.MF {
		if c.MF[k] != c2.MF[k] {
			t.Fatal("basin curve not reproducible for a seed")
		}
	}
	size, err := BasinSize(c, DefaultBasinEpsilon)
	if err != nil || size <= 0.1 || size >= 1 {
		t.Errorf("basin size %v, %v", size, err)
	}
	for _, bad := range []BasinSettings{{MIn: []float64{1.5}}, {MIn: []float64{}}, {Trials: -1}} {
		if _, err := Basins(bg, J, xi, bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}

func TestFlipsForOverlap(t *testing.T) {
	for _, c := range []struct {
		n    int
		m    float64
		want int
	}{{1000, 1, 0}, {1000, 0, 500}, {1000, 0.5, 250}, {196, 0.9, 10}, {10, 0.3, 4}} {
		if got := FlipsForOverlap(c.n, c.m); got != c.want {
			t.Errorf("N=%d m_in=%v: %d flips, want %d", c.n, c.m, got, c.want)
		}
	}
}

func TestBasinSize(t *testing.T) {
	m := []float64{0, 0.25, 0.5, 0.75, 1}
	for _, c := range []struct {
		name string
		mf   []float64
		want float64
	}{
		{"step", []float64{0, 0.1, 1, 1, 1}, 1 - (0.25 + 0.85/0.9*0.25)},
		{"at grid point", []float64{0, 0.1, 0.95, 1, 1}, 0.5},
		{"interpolated", []float64{0, 0.1, 0.55, 1, 1}, 1 - (0.5 + 0.4/0.45*0.25)},
		{"everything", []float64{1, 1, 1, 1, 1}, 1},
		{"not stored", []float64{0, 0.1, 0.5, 0.9, 0.9}, 0},
		{"non-monotone", []float64{0.99, 0.2, 0.96, 1, 1}, 1 - (0.25 + 0.75/0.76*0.25)},
	} {
		got, err := BasinSize(&BasinCurve{MIn: m, MF: c.mf}, 0.05)
		if err != nil || math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s: %v (%v), want %v", c.name, got, err, c.want)
		}
	}
	if _, err := BasinSize(&BasinCurve{MIn: m, MF: m}, 0); err == nil {
		t.Error("ε = 0 accepted")
	}
	if _, err := BasinSize(&BasinCurve{MIn: []float64{1, 0}, MF: []float64{1, 1}}, 0.1); err == nil {
		t.Error("decreasing m_in accepted")
	}
}

// Measuring from the top down and stopping below 1 − ε gives the full
// curve's values for the m_in it measures, and the same basin size: for
// partial basins and for none (Hebb far above capacity).
func TestBasinsStopBelow(t *testing.T) {
	for _, c := range []struct {
		alpha float64
		rule  Rule
	}{{0.1, Hebb{}}, {0.3, Hebb{}}, {0.05, PseudoInverse{}}, {0.2, PseudoLikelihood{Epochs: 100}}} {
		xi := randomPatterns(t, int(c.alpha*200), 200, 12)
		J, err := c.rule.Couplings(bg, xi)
		if err != nil {
			t.Fatal(err)
		}
		s := BasinSettings{Trials: 2, Seed: 3}
		full, err := Basins(bg, J, xi, s)
		if err != nil {
			t.Fatal(err)
		}
		s.StopBelow = 1 - DefaultBasinEpsilon
		part, err := Basins(bg, J, xi, s)
		if err != nil {
			t.Fatal(err)
		}
		off := len(full.MIn) - len(part.MIn)
		for k := range part.MIn {
			if part.MIn[k] != full.MIn[off+k] || part.MF[k] != full.MF[off+k] || part.MFStdErr[k] != full.MFStdErr[off+k] {
				t.Fatalf("α=%v %T: m_in %v: %v, full curve %v", c.alpha, c.rule, part.MIn[k], part.MF[k], full.MF[off+k])
			}
		}
		a, _ := BasinSize(full, DefaultBasinEpsilon)
		b, _ := BasinSize(part, DefaultBasinEpsilon)
		if a != b {
			t.Errorf("α=%v %T: basin size %v from the full curve, %v stopped early (%d of %d m_in)", c.alpha, c.rule, a, b, len(part.MIn), len(full.MIn))
		}
		t.Logf("α=%v %T: size %.3f, %d of %d m_in measured", c.alpha, c.rule, b, len(part.MIn), len(full.MIn))
	}
	if _, err := Basins(bg, &Couplings{N: 3, W: make([]float32, 9)}, randomPatterns(t, 1, 3, 1), BasinSettings{StopBelow: 2}); err == nil {
		t.Error("StopBelow = 2 accepted")
	}
}
