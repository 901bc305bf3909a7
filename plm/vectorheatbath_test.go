package plm

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// For d = 1 the vector heat bath is HeatBath, draw for draw.
func TestVectorHeatBathD1IsHeatBath(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(41, 1))
	xi, _ := RandomPatterns(6, 80, rng)
	J, _ := Hebb{}.Couplings(ctx, xi)
	VJ := &VectorCouplings{N: 80, D: 1, W: append([]float32(nil), J.W...)}
	starts, _ := RandomPatterns(5, 80, rng)
	refs := &Patterns{P: 5, N: 80, Data: append([]float32(nil), xi.Data[:5*80]...)}
	vstarts := &VectorPatterns{P: 5, N: 80, D: 1, Data: starts.Data}
	vrefs := &VectorPatterns{P: 5, N: 80, D: 1, Data: refs.Data}
	for _, mode := range []Mode{Asynchronous, Synchronous} {
		for _, temp := range []float64{0.3, 0.8} {
			is, err := HeatBath{T: temp, Mode: mode, BurnIn: 5, Sweeps: 20, Seed: 9}.Run(ctx, J, starts, refs)
			if err != nil {
				t.Fatal(err)
			}
			vs, err := VectorHeatBath{T: temp, Mode: mode, BurnIn: 5, Sweeps: 20, Seed: 9}.Run(ctx, VJ, vstarts, vrefs)
			if err != nil {
				t.Fatal(err)
			}
			for k := range is.Final.Data {
				if is.Final.Data[k] != vs.Final.Data[k] {
					t.Fatalf("%v, T = %g: spin %d of state %d differs from HeatBath's", mode, temp, k%80, k/80)
				}
			}
			for s := range is.Overlap {
				if math.Abs(is.Overlap[s]-vs.Overlap[s]) > 1e-12 || math.Abs(is.OverlapStd[s]-vs.OverlapStd[s]) > 1e-12 {
					t.Errorf("%v, T = %g: overlap %v ± %v, HeatBath's %v ± %v", mode, temp, vs.Overlap[s], vs.OverlapStd[s], is.Overlap[s], is.OverlapStd[s])
				}
			}
		}
	}
}

// The sampled spins are unit vectors whose mean cosine with the field is
// the von Mises–Fisher mean length A_d(κ), for the closed form (d = 3)
// and Wood's sampler (other d), from κ = 0 (uniform) to a strong field.
func TestSampleVMFMeanLength(t *testing.T) {
	rng := rand.New(rand.NewPCG(42, 1))
	const draws = 40000
	for _, d := range []int{2, 3, 4, 10, 30} {
		mu := make([]float64, d)
		randomDirection(mu, rng)
		s := make([]float64, d)
		for _, kappa := range []float64{0, 0.5, 3, 40, 2000} {
			var sum, sq float64
			for k := 0; k < draws; k++ {
				sampleVMF(s, mu, kappa, rng)
				var w, norm float64
				for a := range s {
					w += s[a] * mu[a]
					norm += s[a] * s[a]
				}
				if math.Abs(norm-1) > 1e-12 || !(w >= -1-1e-12 && w <= 1+1e-12) {
					t.Fatalf("d = %d, κ = %g: |s|² = %v, s·mu = %v", d, kappa, norm, w)
				}
				sum, sq = sum+w, sq+w*w
			}
			mean := sum / draws
			se := math.Sqrt(math.Max(sq/draws-mean*mean, 1e-12) / draws)
			if want := VMFMeanLength(d, kappa); math.Abs(mean-want) > 5*se+1e-6 {
				t.Errorf("d = %d, κ = %g: mean cosine %.5f ± %.5f, A_d(κ) = %.5f", d, kappa, mean, se, want)
			}
		}
	}
}

// One stored pattern of vector spins is a mean-field magnet: the
// equilibrium overlap solves m = A_d(m/T) below T_c = 1/d.
func TestVectorHeatBathMeanField(t *testing.T) {
	ctx := context.Background()
	const n = 500
	for _, d := range []int{2, 3} {
		xi, _ := RandomVectorPatterns(1, n, d, rand.New(rand.NewPCG(43, uint64(d))))
		J, _ := VectorHebb(xi)
		starts := &VectorPatterns{P: 2, N: n, D: d, Data: append(append([]float32(nil), xi.Data...), xi.Data...)}
		for _, td := range []float64{0.3, 0.6, 0.8} {
			temp := td / float64(d)
			m := 1.0 // the retrieval solution: iterate from m = 1
			for k := 0; k < 10000; k++ {
				m = VMFMeanLength(d, m/temp)
			}
			eq, err := VectorHeatBath{T: temp, Mode: Asynchronous, BurnIn: 50, Sweeps: 200, Seed: 3}.Run(ctx, J, starts, starts)
			if err != nil {
				t.Fatal(err)
			}
			got := (eq.Overlap[0] + eq.Overlap[1]) / 2
			if math.Abs(got-m) > 0.03 {
				t.Errorf("d = %d, T = %.3f: overlap %.4f, mean field m = A_d(m/T) gives %.4f", d, temp, got, m)
			}
		}
	}
}

func TestVectorHeatBathRefusesBadInput(t *testing.T) {
	ctx := context.Background()
	xi, _ := RandomVectorPatterns(2, 10, 3, rand.New(rand.NewPCG(44, 1)))
	J, _ := VectorHebb(xi)
	other, _ := RandomVectorPatterns(2, 10, 2, rand.New(rand.NewPCG(44, 2)))
	for _, c := range []struct {
		hb     VectorHeatBath
		starts *VectorPatterns
		refs   *VectorPatterns
		want   string
	}{
		{VectorHeatBath{T: -1}, xi, nil, "temperature"},
		{VectorHeatBath{T: math.NaN()}, xi, nil, "temperature"},
		{VectorHeatBath{T: 1, Sweeps: -1}, xi, nil, "Sweeps"},
		{VectorHeatBath{T: 1, Mode: Mode(7)}, xi, nil, "mode"},
		{VectorHeatBath{T: 1}, other, nil, "d"},
		{VectorHeatBath{T: 1}, xi, other, "reference"},
	} {
		if _, err := c.hb.Run(ctx, J, c.starts, c.refs); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want one naming %q", c.hb, err, c.want)
		}
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := (VectorHeatBath{T: 1, Sweeps: 100}).Run(cancelled, J, xi, xi); err == nil {
		t.Error("a cancelled run returned no error")
	}
}
