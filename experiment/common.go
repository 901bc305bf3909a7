package experiment

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/plmlab/plmlab/plm"
)

// newRand is the seeded generator of one independent stream.
func newRand(seed, stream uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, stream)) }

// seq returns lo, lo+1, …, lo+n−1.
func seq(lo, n int) []int {
	s := make([]int, n)
	for k := range s {
		s[k] = lo + k
	}
	return s
}

// count is round(α·n), at least 1 (and at most 2⁴⁰, so that an absurd
// load overflows nothing and is refused by the memory check).
func count(alpha float64, n int) int {
	x := math.Round(alpha * float64(n))
	if !(x < 1<<40) {
		return 1 << 40
	}
	return max(1, int(x))
}

// maxCount is the largest count over the loads.
func maxCount(alphas []float64, n int) int {
	m := 1
	for _, a := range alphas {
		m = max(m, count(a, n))
	}
	return m
}

// dynamicsOf is the retrieval dynamics of the generalization experiments:
// steps = 0 runs to a fixed point or cycle (cap 1000 steps), steps = K > 0
// exactly K synchronous steps (the authors' protocol).
func dynamicsOf(steps int) (plm.Dynamics, string) {
	if steps > 0 {
		return plm.Dynamics{MaxSteps: steps, FixedSteps: true}, fmt.Sprintf("synchronous, exactly %d steps", steps)
	}
	return plm.Dynamics{}, "synchronous, to a fixed point or cycle (cap 1000 steps)"
}

// meanSelf is the mean overlap of the final states with their starts.
func meanSelf(ctx context.Context, J *plm.Couplings, starts *plm.Patterns, d plm.Dynamics) (float64, error) {
	r, err := plm.Retrieve(ctx, J, starts, nil, d)
	if err != nil {
		return math.NaN(), err
	}
	m, _ := plm.MeanStdErr(r.Self)
	return m, nil
}

// imageShape is the most square w×h with w·h = n (h ≤ w), for drawing a
// pattern without a natural shape.
func imageShape(n int) (w, h int) {
	h = 1
	for d := 1; d*d <= n; d++ {
		if n%d == 0 {
			h = d
		}
	}
	return n / h, h
}

// clone32 copies a configuration.
func clone32(x []float32) []float32 { return append([]float32(nil), x...) }

// f3 formats a number for a table.
func f3(x float64) string { return fmt.Sprintf("%.3f", x) }
