package experiment_test

import (
	"context"
	"errors"
	"testing"

	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/experiment/training"
)

func TestCancelledRunStoresNothing(t *testing.T) {
	c := &experiment.Cache{Dir: t.TempDir()}
	ctx, cancel := context.WithCancel(experiment.WithCache(context.Background(), c))
	cfg := training.PLTraining{}.Quick()
	epochs := 0
	_, err := experiment.Cached(ctx, cfg, func(r experiment.Report) {
		if r.Epoch != nil {
			if epochs++; epochs == 5 {
				cancel()
			}
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled training: %v", err)
	}
	if epochs > 10 {
		t.Errorf("training went on for %d epochs after the cancellation", epochs-5)
	}
	if es, _ := c.List(""); len(es) != 0 {
		t.Errorf("a cancelled run was cached: %+v", es)
	}
}
