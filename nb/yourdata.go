package nb

import (
	"context"
	"errors"
	"fmt"

	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/experiment/dca"
	"github.com/plmlab/plmlab/experiment/userdata"
	"github.com/plmlab/plmlab/internal/interrupt"
	"github.com/plmlab/plmlab/plm"
)

// monitored runs fn from a notebook cell with a progress bar; interrupting
// the kernel cancels it, and an error stops the cell with its message.
func monitored[R any](name string, fn func(ctx context.Context, p experiment.Progress) (R, error)) R {
	ctx, stop := interrupt.Context(context.Background(), nil)
	defer stop()
	m := newRunMonitor(name)
	r, err := fn(ctx, m.report)
	m.finish(err)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			err = fmt.Errorf("%s: interrupted", name)
		}
		Fail(err)
	}
	return r
}

// RunDCA runs dca.Run from a notebook cell (not cached: the input is the
// user's file).
func RunDCA(c dca.Config) *dca.Result {
	return monitored("dca", func(ctx context.Context, p experiment.Progress) (*dca.Result, error) { return dca.Run(ctx, c, p) })
}

// RunTrain runs userdata.Run from a notebook cell.
func RunTrain(t userdata.Train, xi *plm.Patterns) *userdata.Result {
	return monitored("train", func(ctx context.Context, p experiment.Progress) (*userdata.Result, error) {
		return userdata.Run(ctx, t, xi, p)
	})
}

// BasinsResult is a basin curve and its size.
type BasinsResult struct {
	Curve *plm.BasinCurve
	Size  float64
}

// RunBasins runs userdata.Basins from a notebook cell.
func RunBasins(J *plm.Couplings, xi *plm.Patterns, trials int, eps float64, seed uint64) BasinsResult {
	return monitored("basins", func(ctx context.Context, p experiment.Progress) (BasinsResult, error) {
		c, s, err := userdata.Basins(ctx, J, xi, trials, eps, seed, p)
		return BasinsResult{c, s}, err
	})
}

// Must returns v, or stops the cell with err's message.
func Must[T any](v T, err error) T {
	if err != nil {
		Fail(err)
	}
	return v
}
