package plm

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// At T = 0 the heat bath is the zero-temperature dynamics, state for state.
func TestHeatBathAtZeroTemperature(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(21, 1))
	xi, _ := RandomPatterns(30, 120, rng)
	J, _ := Hebb{}.Couplings(ctx, xi)
	starts, _ := RandomPatterns(20, 120, rng)
	for _, mode := range []Mode{Synchronous, Asynchronous} {
		hb, err := HeatBath{T: 0, Mode: mode, BurnIn: 7, Seed: 5}.Run(ctx, J, starts, nil)
		if err != nil {
			t.Fatal(err)
		}
		d, _ := Dynamics{Mode: mode, MaxSteps: 7, FixedSteps: true, Seed: 5}.Run(ctx, J, starts)
		for k := range d.Final.Data {
			if d.Final.Data[k] != hb.Final.Data[k] {
				t.Fatalf("%v: state %d differs from the T = 0 dynamics", mode, k/120)
			}
		}
	}
}

// One stored pattern is the Curie–Weiss magnet: the equilibrium overlap
// solves m = tanh(m/T) below T = 1 and vanishes above; and the chain is
// the same for a seed.
func TestHeatBathCurieWeiss(t *testing.T) {
	ctx := context.Background()
	xi, _ := RandomPatterns(1, 400, rand.New(rand.NewPCG(22, 1)))
	J, _ := Hebb{}.Couplings(ctx, xi)
	starts := &Patterns{P: 4, N: 400, Data: make([]float32, 1600)}
	refs := &Patterns{P: 4, N: 400, Data: make([]float32, 1600)}
	for s := 0; s < 4; s++ {
		copy(starts.Row(s), xi.Row(0))
		copy(refs.Row(s), xi.Row(0))
	}
	for _, c := range []struct{ T, want, tol float64 }{{0.5, 0.9575, 0.02}, {0.8, 0.7105, 0.04}, {2, 0, 0.08}} {
		for _, mode := range []Mode{Asynchronous, Synchronous} {
			eq, err := HeatBath{T: c.T, Mode: mode, BurnIn: 200, Sweeps: 400, Seed: 3}.Run(ctx, J, starts, refs)
			if err != nil {
				t.Fatal(err)
			}
			m, _ := MeanStdErr(eq.Overlap)
			if math.Abs(m-c.want) > c.tol {
				t.Errorf("T = %v, %v: ⟨m⟩ = %.4f, want %.4f", c.T, mode, m, c.want)
			}
		}
	}
	a, _ := HeatBath{T: 0.7, Mode: Asynchronous, BurnIn: 10, Sweeps: 10, Seed: 9}.Run(ctx, J, starts, refs)
	b, _ := HeatBath{T: 0.7, Mode: Asynchronous, BurnIn: 10, Sweeps: 10, Seed: 9}.Run(ctx, J, starts, refs)
	for k := range a.Overlap {
		if a.Overlap[k] != b.Overlap[k] {
			t.Fatal("same seed, different chain")
		}
	}
	for _, bad := range []HeatBath{{T: -1}, {T: math.Inf(1)}, {T: 1, Sweeps: -1}} {
		if _, err := bad.Run(ctx, J, starts, refs); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := (HeatBath{T: 1, Sweeps: 100}).Run(cancelled, J, starts, refs); err == nil {
		t.Error("a cancelled run returned no error")
	}
}
