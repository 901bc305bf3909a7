package plm

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/plmlab/plmlab/internal/linalg"
)

// BenchmarkTrainEpoch times one full-batch PL epoch: forward product, fused
// loss and derivative, gradient product and update.
func BenchmarkTrainEpoch(b *testing.B) {
	for _, c := range []struct {
		name string
		n, p int
	}{{"N784_P2000", 784, 2000}, {"N1000_P400", 1000, 400}} {
		b.Run(c.name, func(b *testing.B) {
			xi, _ := RandomPatterns(c.p, c.n, rand.New(rand.NewPCG(1, 1)))
			pl, _ := PseudoLikelihood{GradClip: 20}.withDefaults()
			blk := newPLBlock(xi, 0, c.n)
			pl.initRows(blk, xi)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				blk.forward(pl.Lambda)
				var e EpochLog
				if bad := pl.descend(blk, pl.LearningRate, &e); bad != nil {
					b.Fatal(bad)
				}
			}
			b.ReportMetric(float64(4*c.p*c.n*c.n)/(b.Elapsed().Seconds()/float64(b.N))/1e9, "GFLOP/s")
		})
	}
}

// BenchmarkBasinCurve times the whole basin curve (21 values of m_in, one
// start per pattern) for trained PL couplings.
func BenchmarkBasinCurve(b *testing.B) {
	for _, c := range []struct {
		name string
		n, p int
	}{{"N1000_P400", 1000, 400}} {
		b.Run(c.name, func(b *testing.B) {
			xi, _ := RandomPatterns(c.p, c.n, rand.New(rand.NewPCG(2, 2)))
			J, err := PseudoLikelihood{Epochs: 100, GradClip: 20}.Couplings(context.Background(), xi)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := Basins(context.Background(), J, xi, BasinSettings{Seed: uint64(i)}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFullProductStep is the reference the incremental dynamics is
// measured against: one synchronous step of 400 states by a full product.
// A basin curve done this way costs 21 m_in × 100 steps of it.
func BenchmarkFullProductStep(b *testing.B) {
	n, batch := 1000, 400
	xi, _ := RandomPatterns(batch, n, rand.New(rand.NewPCG(3, 3)))
	J := hebbCouplings(xi)
	h := make([]float32, batch*n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		linalg.Sgemm(false, true, batch, n, n, 1, xi.Data, n, J.W, n, 0, h, n)
		for k, v := range h {
			if v >= 0 {
				h[k] = 1
			} else {
				h[k] = -1
			}
		}
	}
}

// BenchmarkStableLearningRate times the step-size bound on random patterns
// (P = 8192, N = 1024): one correlation product, then power iteration,
// which random patterns (small spectral gap) run to its 500-step cap.
func BenchmarkStableLearningRate(b *testing.B) {
	xi := randomPatterns(b, 8192, 1024, 1)
	for b.Loop() {
		if _, err := StableLearningRate(xi, 1); err != nil {
			b.Fatal(err)
		}
	}
}

// One full-batch vector PL epoch (forward, gradient, step) at the issue's
// size: N = 200 spins in d = 3, P = 400.
func BenchmarkVectorEpoch(b *testing.B) {
	for _, d := range []int{2, 3} {
		b.Run(fmt.Sprintf("N200_d%d_P400", d), func(b *testing.B) {
			x, _ := RandomVectorPatterns(400, 200, d, rand.New(rand.NewPCG(1, 1)))
			h, _ := VectorHebb(x)
			blk := newVectorBlock(x)
			copy(blk.W, h.W)
			b.ResetTimer()
			for range b.N {
				blk.forward(1)
				blk.gradient()
				linalg.Saxpy(-100, blk.G, blk.W)
				zeroDiagonalBlocks(blk.W, blk.n, blk.d)
			}
		})
	}
}

// BenchmarkPottsMAPEvaluation times one evaluation of plmc's objective
// and its gradient (expand, pass, fold) at plmc's DHFR test size: L = 159
// columns, Q = 21 states with the gap ignored, M = 3616 sequences. plmc
// (gcc -O3, OpenMP, 2 threads) takes about 1.05 s per evaluation there
// (110 s for its 100 iterations, 104 evaluations).
func BenchmarkPottsMAPEvaluation(b *testing.B) {
	L, Q, M := 159, 21, 3616
	rng := rand.New(rand.NewPCG(1, 2))
	st := make([]uint8, L*M)
	for k := range st {
		st[k] = uint8(rng.IntN(Q))
		if k%L > 0 && rng.Float64() < 0.5 {
			st[k] = st[k-1]
		}
	}
	s, _ := NewSequences(M, L, Q, st)
	o, err := newPottsObjective(context.Background(), PottsMAP{LambdaH: 0.01, LambdaJ: 16, IgnoreGap: true}, s, nil)
	if err != nil {
		b.Fatal(err)
	}
	x := o.start()
	for k := o.nh; k < len(x); k++ {
		x[k] = 0.01 * rng.NormFloat64()
	}
	g := make([]float64, len(x))
	b.Run("float32", func(b *testing.B) {
		for range b.N {
			if _, err := o.eval(x, g); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The last iterations add F in float64 (exactNLL) to each evaluation.
	b.Run("float64F", func(b *testing.B) {
		for range b.N {
			o.exactNLL(x)
		}
	})
}

// BenchmarkLBFGSDirection times the two-loop recursion of flatLBFGS with
// 6 pairs on 5 million parameters (DHFR's couplings).
func BenchmarkLBFGSDirection(b *testing.B) {
	n := 5_028_180
	m := &flatLBFGS{mem: 6}
	m.s, m.y = make([][]float32, 6), make([][]float32, 6)
	m.rho, m.alpha = make([]float64, 6), make([]float64, 6)
	m.partials = make([]float64, (n+flatBlock-1)/flatBlock)
	for k := range 6 {
		m.s[k], m.y[k] = make([]float32, n), make([]float32, n)
		for i := range n {
			m.s[k][i], m.y[k][i] = float32(i%7)+1, float32(i%5)+1
		}
		m.rho[k] = 1 / m.dot32(m.s[k], m.y[k])
	}
	m.pairs, m.newest = 6, 5
	d, g := make([]float64, n), make([]float64, n)
	for i := range g {
		g[i] = 1
	}
	b.ResetTimer()
	for range b.N {
		m.direction(d, g)
	}
}
