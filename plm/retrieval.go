package plm

import (
	"context"
	"fmt"
	"math"

	"github.com/plmlab/plmlab/internal/linalg"
)

// Retrieval is the outcome of running the dynamics from a set of starts:
// where each run ended, how close that is to its start, and which
// reference pattern (for instance a training example) it is closest to.
type Retrieval struct {
	Final *Patterns `json:"-"`
	// Self is the Mattis overlap of each final state with its own start.
	Self []float64 `json:"self"`
	// Nearest is the index of the reference pattern of largest overlap with
	// the final state, NearestOverlap that overlap (nil without references).
	Nearest        []int     `json:"nearest,omitempty"`
	NearestOverlap []float64 `json:"nearest_overlap,omitempty"`
	FixedPoint     []bool    `json:"fixed_point"`
}

// Retrieve runs d from every start under J and measures the final states.
// refs may be nil.
func Retrieve(ctx context.Context, J *Couplings, starts, refs *Patterns, d Dynamics) (*Retrieval, error) {
	r, err := d.Run(ctx, J, starts)
	if err != nil {
		return nil, err
	}
	out := &Retrieval{Final: r.Final, FixedPoint: r.FixedPoint}
	self, err := PairedOverlaps(r.Final, starts)
	if err != nil {
		return nil, err
	}
	out.Self = self
	if refs != nil {
		if refs.N != starts.N {
			return nil, fmt.Errorf("plm: references of N=%d for states of N=%d", refs.N, starts.N)
		}
		out.Nearest, out.NearestOverlap = nearest(r.Final, refs)
	}
	return out, nil
}

// NearestOverlaps returns, for every state of x, the index of the reference
// pattern of largest overlap and that overlap.
func NearestOverlaps(x, refs *Patterns) ([]int, []float64, error) {
	if err := x.Validate(); err != nil {
		return nil, nil, err
	}
	if err := refs.Validate(); err != nil {
		return nil, nil, err
	}
	if refs.N != x.N {
		return nil, nil, fmt.Errorf("plm: references of N=%d for states of N=%d", refs.N, x.N)
	}
	idx, o := nearest(x, refs)
	return idx, o, nil
}

// nearest finds, for every row of x, the row of refs with the largest
// overlap, in blocks so that memory stays small for large reference sets.
func nearest(x, refs *Patterns) ([]int, []float64) {
	n := x.N
	idx := make([]int, x.P)
	best := make([]float64, x.P)
	const block = 256
	buf := make([]float32, block*refs.P)
	for b0 := 0; b0 < x.P; b0 += block {
		nb := min(block, x.P-b0)
		linalg.Sgemm(false, true, nb, refs.P, n, 1, x.Data[b0*n:], n, refs.Data, n, 0, buf, refs.P)
		for k := 0; k < nb; k++ {
			row := buf[k*refs.P : (k+1)*refs.P]
			bi, bv := 0, float32(math.Inf(-1))
			for j, v := range row {
				if v > bv {
					bi, bv = j, v
				}
			}
			idx[b0+k], best[b0+k] = bi, float64(bv)/float64(n)
		}
	}
	return idx, best
}

// MeanStdErr returns the mean of v and its standard error.
func MeanStdErr(v []float64) (mean, se float64) {
	if len(v) == 0 {
		return math.NaN(), math.NaN()
	}
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	if len(v) > 1 {
		var s float64
		for _, x := range v {
			s += (x - mean) * (x - mean)
		}
		se = math.Sqrt(s / float64(len(v)-1) / float64(len(v)))
	}
	return mean, se
}
