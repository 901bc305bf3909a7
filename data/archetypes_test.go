package data

import (
	"math"
	"strings"
	"testing"
)

func TestArchetypes(t *testing.T) {
	a := Archetypes{N: 400, K: 3, M: 50, R: 0.6, Seed: 2}
	d, err := a.Generate()
	if err != nil {
		t.Fatal(err)
	}
	if d.Examples.P != 150 || d.Archetypes.P != 3 || len(d.Labels) != 150 || d.Labels[49] != 0 || d.Labels[50] != 1 {
		t.Fatalf("sizes %d, %d, labels %v…", d.Examples.P, d.Archetypes.P, d.Labels[48:52])
	}
	// ⟨η·ξ⟩/N = r, with standard error √((1 − r²)/(N·K·M)).
	var m float64
	for mu, l := range d.Labels {
		for i, v := range d.Examples.Row(mu) {
			m += float64(v*d.Archetypes.Data[l*400+i]) / (400 * 150)
		}
	}
	if se := math.Sqrt((1 - 0.36) / (400 * 150)); math.Abs(m-0.6) > 4*se {
		t.Errorf("mean overlap of the examples with their archetype %.4f, want 0.6 ± %.4f", m, se)
	}
	if rho := a.Entropy(); math.Abs(rho-0.64/(50*0.36)) > 1e-15 {
		t.Errorf("ρ = %v", rho)
	}
	again, _ := a.Generate()
	for k := range again.Examples.Data {
		if again.Examples.Data[k] != d.Examples.Data[k] {
			t.Fatal("same seed, different examples")
		}
	}
	for _, c := range []struct {
		a    Archetypes
		want string
	}{
		{Archetypes{N: 10, K: 1, M: 1, R: 0}, "quality r"},
		{Archetypes{N: 10, K: 1, M: 1, R: 1.5}, "quality r"},
		{Archetypes{N: 10, K: 0, M: 1, R: 0.5}, "K ≥ 1"},
		{Archetypes{N: 10, K: 1, M: 0, R: 0.5}, "M ≥ 1"},
	} {
		if _, err := c.a.Generate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.a, err, c.want)
		}
	}
}
