package replica_test

import (
	"context"
	"fmt"

	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/experiment/replica"
)

// An experiment is a config with presets: start from the quick one, change
// a field, run it through the cache (here without one), and read its
// figures.
func Example() {
	c := replica.PDelta{}.Quick()
	c.Lambdas = []float64{0.8, 6.4}
	ctx := experiment.WithCache(context.Background(), nil) // no disk cache in an example
	res, err := experiment.Cached(ctx, c, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range res.Figures() {
		fmt.Println(f.Panel, len(f.Series), "series")
	}
	c.Alpha = -1
	fmt.Println(c.Validate())
	// Output:
	// p-delta 4 series
	// p-delta-table 0 series
	// p-delta: Alpha (-alpha) must be finite and > 0, got -1
}
