package plm

import (
	"context"
	"math/rand/v2"
	"testing"
)

func TestZZVecD(t *testing.T) {
	ctx := context.Background()
	n := 100
	mIn := make([]float64, 21)
	for k := range mIn {
		mIn[k] = float64(k) / 20
	}
	for _, d := range []int{1, 2, 3} {
		for _, alpha := range []float64{0.3, 0.8} {
			p := int(alpha*float64(n) + 0.5)
			x, _ := RandomVectorPatterns(p, n, d, rand.New(rand.NewPCG(1, uint64(p))))
			for _, cfg := range []struct {
				lr float64
				ep int
			}{{300, 300}, {10, 1000}, {10, 3000}, {30, 3000}, {100, 3000}, {10, 10000}} {
				var last EpochLog
				Jv, err := VectorPseudoLikelihood{Epochs: cfg.ep, LearningRate: cfg.lr, GradClip: 20, Progress: func(e EpochLog) { last = e }}.Couplings(ctx, x)
				if err != nil {
					t.Fatal(err)
				}
				cv, _ := VectorBasins(ctx, Jv, x, BasinSettings{MIn: mIn, Trials: 4, Seed: 3}, VectorDynamics{})
				sv, _ := BasinSize(cv, DefaultBasinEpsilon)
				t.Logf("d=%d α=%.1f lr=%g ep=%d  loss %.5f λ %.2f stored %.2f basin %.3f", d, alpha, cfg.lr, cfg.ep, last.Loss, last.Lambda, last.Stored, sv)
			}
		}
	}
}
