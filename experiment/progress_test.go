package experiment

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

func TestLineProgress(t *testing.T) {
	var b bytes.Buffer
	p, end := LineProgress(&b)
	p(Report{Experiment: "basins", Done: 0, Total: 4, Step: "PL"})
	p(Report{Experiment: "basins", Done: 2, Total: 4, Step: "Hebb", Detail: "m_in 3/21"}) // within 10 s: not printed
	p(Report{Experiment: "basins", Done: 4, Total: 4, Step: "done"})                      // the end always is
	end()
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 2 || lines[0] != "[basins] ........................ 0/4 PL" || lines[1] != "[basins] ######################## 4/4 done" {
		t.Errorf("progress lines:\n%s", b.String())
	}
}

func TestCancelledRunStoresNothing(t *testing.T) {
	c := &Cache{Dir: t.TempDir()}
	ctx, cancel := context.WithCancel(WithCache(context.Background(), c))
	cfg := PLTraining{}.Quick()
	epochs := 0
	_, err := Cached(ctx, cfg, func(r Report) {
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
