package experiment_test

import (
	"fmt"

	"github.com/plmlab/plmlab/experiment"
	_ "github.com/plmlab/plmlab/experiment/all" // the experiments, by name
)

// A sweep whose cost grows with the load, split into three shards: by
// cost, each shard pairs cheap points with dear ones.
func ExampleAssign() {
	var pts []experiment.GridPoint
	for k, a := range []float64{0.2, 0.4, 0.6, 0.8, 1.0, 1.2} {
		pts = append(pts, experiment.GridPoint{Label: fmt.Sprintf("α=%g", a), Cost: float64(k + 1)})
	}
	shards, _ := experiment.Assign(pts, 3)
	for i, s := range shards {
		fmt.Printf("shard %d/3:", i)
		for _, k := range s {
			fmt.Printf(" %s", pts[k].Label)
		}
		fmt.Println()
	}
	// Output:
	// shard 0/3: α=0.2 α=1.2
	// shard 1/3: α=0.4 α=1
	// shard 2/3: α=0.6 α=0.8
}

// The grid of a panel's config and the split of its cost, as reproduce
// -plan prints it.
func ExampleEntry_Points() {
	e, _ := experiment.Lookup("p-delta-train")
	pts, _ := e.Points(e.Quick())
	for _, p := range pts {
		fmt.Println(p.Label)
	}
	one, _ := experiment.Lookup("p-delta")
	_, err := one.Points(one.Quick())
	fmt.Println(err)
	// Output:
	// α=0.4
	// α=1.5
	// p-delta has nothing to shard: it is one computation, not a grid of independent points; run it without -shard
}
