package data

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Monte Carlo energies of a 4×4 system match exact enumeration at two
// temperatures, for the multi-spin coded ±J sampler and the plain one.
func TestPTMatchesExactEnumeration(t *testing.T) {
	for _, kind := range []CouplingKind{PlusMinusJ, Gaussian} {
		m, err := NewEA2D(4, kind, 3)
		if err != nil {
			t.Fatal(err)
		}
		for _, T := range []float64{1, 2} {
			exact, err := m.ExactMeanEnergy(T)
			if err != nil {
				t.Fatal(err)
			}
			chains := 0
			if kind == Gaussian {
				chains = 16
			}
			r, err := m.ParallelTempering(context.Background(), PTSettings{
				Temperatures: []float64{T, T * 1.3, T * 1.7, T * 2.2}, Equilibration: 200, Sweeps: 4000, Chains: chains, Seed: 5,
			})
			if err != nil {
				t.Fatal(err)
			}
			// The chains are independent: their spread gives the error bar.
			if d := math.Abs(r.MeanEnergy - exact); d > 4*r.MeanEnergyErr+2e-3 {
				t.Errorf("%v T=%v: MC %.5f ± %.5f, exact %.5f", kind, T, r.MeanEnergy, r.MeanEnergyErr, exact)
			}
			for k, a := range r.SwapAcceptance {
				if a <= 0 || a > 1 {
					t.Errorf("%v T=%v: swap acceptance %d = %v", kind, T, k, a)
				}
			}
			if !(r.AutocorrTime >= 1) {
				t.Errorf("%v: autocorrelation time %v", kind, r.AutocorrTime)
			}
		}
	}
}

// Samples: sizes, ±1 values, energies consistent with the configurations,
// P(q) symmetric, and determinism for a seed.
func TestPTSamples(t *testing.T) {
	m, _ := NewEA2D(8, PlusMinusJ, 1)
	s := PTSettings{Temperatures: []float64{1.5, 2, 2.6}, Equilibration: 100, Sweeps: 200, Thin: 20, Seed: 2}
	r, err := m.ParallelTempering(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	if r.Configs.P != 10*64 || r.Configs.N != 64 || len(r.Energies) != r.Configs.P || len(r.Overlaps) != 10*32 {
		t.Fatalf("P=%d N=%d energies %d overlaps %d", r.Configs.P, r.Configs.N, len(r.Energies), len(r.Overlaps))
	}
	if err := r.Configs.Validate(); err != nil {
		t.Fatal(err)
	}
	for k := 0; k < r.Configs.P; k += 97 {
		if e := m.Energy(r.Configs.Row(k)) / 64; math.Abs(e-r.Energies[k]) > 1e-12 {
			t.Fatalf("sample %d: energy %v recorded as %v", k, e, r.Energies[k])
		}
	}
	var q float64
	for _, v := range r.Overlaps {
		q += v
	}
	if q /= float64(len(r.Overlaps)); math.Abs(q) > 0.15 {
		t.Errorf("mean overlap between independent chains %v, want ≈ 0 (P(q) symmetric)", q)
	}
	r2, _ := m.ParallelTempering(context.Background(), s)
	for k := range r.Configs.Data {
		if r.Configs.Data[k] != r2.Configs.Data[k] {
			t.Fatal("same seed, different samples")
		}
	}
	for _, bad := range []PTSettings{{}, {Temperatures: []float64{2, 1}, Sweeps: 1}, {Temperatures: []float64{1}, Sweeps: 0}, {Temperatures: []float64{1}, Sweeps: 1, Chains: 3}} {
		if _, err := m.ParallelTempering(context.Background(), bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	if _, err := NewEA2D(5, PlusMinusJ, 1); err == nil {
		t.Error("odd L accepted")
	}
}

// Each spin has four neighbours; J is symmetric and matches the energy.
func TestEA2DCouplings(t *testing.T) {
	m, _ := NewEA2D(6, Gaussian, 4)
	J := m.Couplings()
	if err := J.Validate(); err != nil {
		t.Fatal(err)
	}
	if J.Asymmetry() != 0 {
		t.Error("EA couplings not symmetric")
	}
	s := make([]float32, 36)
	for i := range s {
		s[i] = float32(1 - 2*(i*7%3%2))
	}
	var e float64
	for i := 0; i < 36; i++ {
		nz := 0
		for j := 0; j < 36; j++ {
			e -= 0.5 * J.At(i, j) * float64(s[i]*s[j])
			if J.At(i, j) != 0 {
				nz++
			}
		}
		if nz != 4 {
			t.Fatalf("spin %d has %d neighbours", i, nz)
		}
	}
	if math.Abs(e-m.Energy(s)) > 1e-5 {
		t.Errorf("energy from J %v, from the lattice %v", e, m.Energy(s))
	}
}

// BenchmarkEASweep reports attempted spin flips per second of the multi-spin
// coded ±J sampler (L = 32, 16 temperatures, 64 chains).
func BenchmarkEASweep(b *testing.B) {
	m, _ := NewEA2D(32, PlusMinusJ, 1)
	T := make([]float64, 16)
	for k := range T {
		T[k] = 0.99 * math.Pow(2.5/0.99, float64(k)/15)
	}
	st := PTSettings{Temperatures: T, Sweeps: 1, Seed: 1}
	st.check(PlusMinusJ)
	x := newMSC(m, st)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x.sweep()
	}
	b.ReportMetric(float64(x.flipsPerSweep())*float64(b.N)/b.Elapsed().Seconds(), "flips/s")
}

func TestConfigurationFiles(t *testing.T) {
	m, _ := NewEA2D(6, Gaussian, 9)
	s := PTSettings{Temperatures: []float64{1, 1.5}, Sweeps: 30, Thin: 10, Chains: 2, Seed: 1}
	res, err := m.ParallelTempering(context.Background(), s)
	if err != nil || res.Configs.P != 6 {
		t.Fatalf("sampling: %v %v", res, err)
	}
	path := filepath.Join(t.TempDir(), "x.plmea")
	if err := SaveConfigurations(path, m, res.T, res.Configs); err != nil {
		t.Fatal(err)
	}
	m2, T, z, err := LoadConfigurations(path)
	if err != nil || T != 1 || m2.Right[3] != m.Right[3] || z.P != 6 {
		t.Fatalf("load: %v %v %v", T, z, err)
	}
	for k := range z.Data {
		if z.Data[k] != res.Configs.Data[k] {
			t.Fatal("configurations read back differ")
		}
	}
	raw, _ := os.ReadFile(path)
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{{"magic", append([]byte("XX"), raw[2:]...), "bad magic"}, {"truncated", raw[:len(raw)-3], "truncated"}, {"trailing", append(append([]byte{}, raw...), 1), "trailing"}} {
		p := filepath.Join(t.TempDir(), "x.plmea")
		os.WriteFile(p, c.data, 0o644)
		if _, _, _, err := LoadConfigurations(p); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}
