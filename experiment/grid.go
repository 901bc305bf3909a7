package experiment

import (
	"context"
	"fmt"
)

// GridPoint is one independent unit of an experiment's work: a load, a
// (load, variant) pair, a pattern set, a cell of a heat map. Every grid
// point draws from its own random streams, so it gives the same numbers
// whichever machine computes it and whatever else that machine computes.
type GridPoint struct {
	Label string `json:"label"`
	// Cost is an estimate of the point's work in arbitrary units (mostly
	// multiply-adds of its trainings and dynamics); shards are balanced on it.
	Cost float64 `json:"cost"`
}

// gridded is an experiment whose work splits into independent grid points;
// U is the outcome of one point. Run is runGrid over every point; shards
// run some points (RunShard) and Merge assembles the outcomes.
type gridded[U any, R Result] interface {
	Experiment[R]
	// points lists the grid points, in the order the result keeps them.
	Points() []GridPoint
	// runPoints computes the points idx (increasing) and passes each
	// outcome to emit as soon as it is known. Work shared by the points
	// (reading data, sampling) is done once per call.
	RunPoints(ctx context.Context, idx []int, t *Tracker, emit func(k int, u U) error) error
	// assemble builds the result from the outcomes of every point, in
	// grid order; it does no heavy work.
	Assemble(units []U) (R, error)
}

// RunGrid computes every point of g and assembles the result.
func RunGrid[U any, R Result](ctx context.Context, g gridded[U, R], progress Progress) (R, error) {
	var zero R
	if err := g.Validate(); err != nil {
		return zero, err
	}
	n := len(g.Points())
	units := make([]U, n)
	t := NewTracker(g.Name(), n, progress)
	all := make([]int, n)
	for k := range all {
		all[k] = k
	}
	err := g.RunPoints(ctx, all, t, func(k int, u U) error {
		units[k] = u
		return nil
	})
	if err != nil {
		return zero, err
	}
	t.Finish()
	return g.Assemble(units)
}

// checkIndices refuses point indices outside the grid or out of order.
func checkIndices(idx []int, n int) error {
	for j, k := range idx {
		if k < 0 || k >= n || (j > 0 && k <= idx[j-1]) {
			return fmt.Errorf("experiment: grid point indices must increase within [0, %d), got %v", n, idx)
		}
	}
	return nil
}
