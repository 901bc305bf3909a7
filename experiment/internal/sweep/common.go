package sweep

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/plmlab/plmlab/figure"
	"github.com/plmlab/plmlab/plm"
)

// NewRand is the seeded generator of one independent stream.
func NewRand(seed, stream uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, stream)) }

// Seq returns lo, lo+1, …, lo+n−1.
func Seq(lo, n int) []int {
	s := make([]int, n)
	for k := range s {
		s[k] = lo + k
	}
	return s
}

// Count is round(α·n), at least 1 (and at most 2⁴⁰, so that an absurd
// load overflows nothing and is refused by the memory check).
func Count(alpha float64, n int) int {
	x := math.Round(alpha * float64(n))
	if !(x < 1<<40) {
		return 1 << 40
	}
	return max(1, int(x))
}

// MaxCount is the largest count over the loads.
func MaxCount(alphas []float64, n int) int {
	m := 1
	for _, a := range alphas {
		m = max(m, Count(a, n))
	}
	return m
}

// DynamicsOf is the retrieval dynamics of the generalization experiments:
// steps = 0 runs to a fixed point or cycle (cap 1000 steps), steps = K > 0
// exactly K synchronous steps (the authors' protocol).
func DynamicsOf(steps int) (plm.Dynamics, string) {
	if steps > 0 {
		return plm.Dynamics{MaxSteps: steps, FixedSteps: true}, fmt.Sprintf("synchronous, exactly %d steps", steps)
	}
	return plm.Dynamics{}, "synchronous, to a fixed point or cycle (cap 1000 steps)"
}

// MeanSelf is the mean overlap of the final states with their starts.
func MeanSelf(ctx context.Context, J *plm.Couplings, starts *plm.Patterns, d plm.Dynamics) (float64, error) {
	r, err := plm.Retrieve(ctx, J, starts, nil, d)
	if err != nil {
		return math.NaN(), err
	}
	m, _ := plm.MeanStdErr(r.Self)
	return m, nil
}

// ImageShape is the most square w×h with w·h = n (h ≤ w), for drawing a
// pattern without a natural shape.
func ImageShape(n int) (w, h int) {
	h = 1
	for d := 1; d*d <= n; d++ {
		if n%d == 0 {
			h = d
		}
	}
	return n / h, h
}

// Clone32 copies a configuration.
func Clone32(x []float32) []float32 { return append([]float32(nil), x...) }

// F3 formats a number for a table.
func F3(x float64) string { return fmt.Sprintf("%.3f", x) }

// Overlaps is the outcome at one load of a memorization → generalization
// sweep (MNIST, spin glass): mean final overlaps and their standard errors.
type Overlaps struct {
	Alpha    float64 `json:"alpha"`
	P        int     `json:"p"`
	Train    float64 `json:"train"`
	TrainErr float64 `json:"train_err"`
	Test     float64 `json:"test"`
	TestErr  float64 `json:"test_err"`
	// RandomStart is the overlap of the final state with its own random
	// start (the authors' "random" curve); RandomNearest the largest overlap
	// of the final state with a training example.
	RandomStart      float64 `json:"random_start"`
	RandomStartErr   float64 `json:"random_start_err"`
	RandomNearest    float64 `json:"random_nearest"`
	RandomNearestErr float64 `json:"random_nearest_err"`
}

// OverlapSeries draws the overlaps against α: train, test, and the two
// random measures.
func OverlapSeries(pts []Overlaps) []figure.Series {
	series := []figure.Series{{Name: "train"}, {Name: "test"}, {Name: "random (start)"}, {Name: "random (nearest training)"}}
	for _, p := range pts {
		for k, v := range [][2]float64{{p.Train, p.TrainErr}, {p.Test, p.TestErr}, {p.RandomStart, p.RandomStartErr}, {p.RandomNearest, p.RandomNearestErr}} {
			series[k].X, series[k].Y, series[k].YErr = append(series[k].X, p.Alpha), append(series[k].Y, v[0]), append(series[k].YErr, v[1])
		}
	}
	return series
}
