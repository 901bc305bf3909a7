package userdata

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/plmlab/plmlab/plm"
)

func TestTrainMethodsStoreAtSmallLoad(t *testing.T) {
	xi, err := plm.RandomPatterns(20, 100, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range []Train{DefaultTrain(), {Method: "minimum", Lambda: 1, Prior: 1e-3}} {
		r, err := Run(context.Background(), tr, xi, nil)
		if err != nil {
			t.Fatal(err)
		}
		s := r.Summary
		if s.Stored != 1 || !(s.MinStability > 0) || s.P != 20 || s.N != 100 || s.Alpha != 0.2 {
			t.Errorf("%s: %+v; want every pattern stored", tr.Method, s)
		}
	}
}

func TestTrainValidate(t *testing.T) {
	for _, c := range []struct {
		t    Train
		want string
	}{
		{Train{Method: "newton", Lambda: 1}, "method"},
		{Train{Method: "descent", Lambda: 1, LR: 0, Epochs: 10}, "learning rate"},
		{Train{Method: "minimum", Lambda: 1, Symmetric: true}, "row by row"},
		{Train{Method: "minimum", Lambda: 0}, "λ"},
	} {
		if err := c.t.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.t, err, c.want)
		}
	}
}

func TestLoadPatternsIsSeeded(t *testing.T) {
	a, _ := LoadPatterns("", 5, 30, 7)
	b, _ := LoadPatterns("", 5, 30, 7)
	for k := range a.Data {
		if a.Data[k] != b.Data[k] {
			t.Fatal("same seed, different patterns")
		}
	}
	if _, err := LoadPatterns("/nonexistent/p.npy", 5, 30, 7); err == nil {
		t.Error("a missing file gave no error")
	}
}
