package mnist

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/plmlab/plmlab/data"
	"github.com/plmlab/plmlab/experiment/internal/exptest"
)

func TestMNIST(t *testing.T) {
	if _, err := data.FindMNIST(); err != nil {
		t.Skip(err)
	}
	c := MNIST{}.Quick()
	c.Epochs, c.Test, c.Random, c.Steps, c.Examples = 40, 50, 20, 10, 3
	r := exptest.MustRun(t, c)
	main := r.Figures()[0]
	if len(main.Series) != 4 || main.Series[0].Name != "train" || main.Series[1].Name != "test" || main.Series[2].Name != "random (start)" ||
		main.Series[3].Name != "random (nearest training)" {
		t.Fatalf("series %+v", main.Series)
	}
	for _, s := range main.Series {
		if len(s.X) != 5 || s.X[0] != 0.1 || s.X[4] != 10 {
			t.Errorf("%s: α %v", s.Name, s.X)
		}
	}
	// At α = 0.1 the training images are stored (overlap ≈ 1); test images
	// are not, and their attractors are mostly of their class at α = 10.
	if p := r.Points[0]; p.Train < 0.95 || p.Test > p.Train {
		t.Errorf("α = 0.1: train %v, test %v", p.Train, p.Test)
	}
	if acc := r.Points[4].ClassAccuracy; acc < 0.5 {
		t.Errorf("class accuracy at α = 10: %v", acc)
	}
	// A random start moves far (its own overlap is small), and at α = 0.1
	// it ends nearer a training image than where it started.
	if p := r.Points[0]; !(p.RandomStart < 0.5 && p.RandomNearest > p.RandomStart) {
		t.Errorf("random: start %v, nearest training %v", p.RandomStart, p.RandomNearest)
	}
	// The authors' scale at LR is the cross-entropy at LR/λ (and clip 20λ:
	// the clip rarely binds here, so compare the training overlaps loosely).
	ce := c
	ce.LossScale, ce.LR, ce.Alphas = "cross-entropy", c.LR/c.Lambda, c.Alphas[:2]
	rc := exptest.MustRun(t, ce)
	for k, p := range rc.Points {
		if math.Abs(p.Train-r.Points[k].Train) > 0.05 || math.Abs(p.Test-r.Points[k].Test) > 0.05 {
			t.Errorf("α = %v: cross-entropy at LR/λ %v/%v, authors' scale %v/%v", p.Alpha, p.Train, p.Test, r.Points[k].Train, r.Points[k].Test)
		}
	}
	bad := c
	bad.LossScale = "authors"
	if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "LossScale (-loss-scale)") {
		t.Errorf("bad loss scale: %v", err)
	}
	if len(r.Examples) != 4 || len(r.Examples[0].In) != 3 {
		t.Errorf("%d example sets", len(r.Examples))
	}
	c.Dir = t.TempDir()
	if _, err := c.Run(exptest.NoCache, nil); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("empty MNIST folder: %v", err)
	}
}

func TestMNISTBinarisation(t *testing.T) {
	if _, err := data.FindMNIST(); err != nil {
		t.Skip(err)
	}
	r := exptest.MustRun(t, MNISTBinarisation{Count: 3})
	f := r.Figures()
	if len(f) != 3 || f[2].Images.Width != 14 || len(f[0].Images.Spins[0]) != 784 {
		t.Errorf("figures %d, cropped width %d", len(f), f[2].Images.Width)
	}
	if reflect.DeepEqual(r.Raw, r.Deskewed) {
		t.Error("deskewing changed nothing")
	}
}
