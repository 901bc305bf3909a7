package experiment_test

import (
	"flag"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/experiment/basins"
	"github.com/plmlab/plmlab/experiment/mnist"
)

func TestFlagsOverPresets(t *testing.T) {
	e, _ := experiment.Lookup("basins")
	fs := flag.NewFlagSet("basins", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	b, err := experiment.BindFlags(fs, e.Quick(), e.PaperPreset())
	if err != nil {
		t.Fatal(err)
	}
	if err := fs.Parse([]string{"-epochs", "42", "-rules", "pl, hebb", "-alpha=0.3"}); err != nil {
		t.Fatal(err)
	}
	got := b.Config().(basins.Basins)
	if got.Epochs != 42 || got.Alpha != 0.3 || !reflect.DeepEqual(got.Rules, []string{"pl", "hebb"}) || got.N != 400 {
		t.Errorf("flags over the quick preset: %+v", got)
	}
	// An explicit flag wins over -paper; the rest is the paper's.
	over := b.Over(e.PaperPreset()).(basins.Basins)
	if over.Epochs != 42 || over.N != 1000 || over.Trials != 5 || over.Sets != 5 {
		t.Errorf("flags over the paper preset: %+v", over)
	}
	if u := fs.Lookup("n").Usage; !strings.Contains(u, "(paper: 1000)") {
		t.Errorf("usage of -n: %q", u)
	}
	if b.TypeName("rules") != "string,…" || b.TypeName("n") != "int" || b.TypeName("nope") != "" {
		t.Errorf("type names %q %q", b.TypeName("rules"), b.TypeName("n"))
	}
	for _, bad := range [][]string{{"-n", "x"}, {"-alpha", "1,2"}, {"-seed", "-1"}, {"-rules"}} {
		fs := flag.NewFlagSet("basins", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		experiment.BindFlags(fs, e.Quick(), nil)
		if err := fs.Parse(bad); err == nil {
			t.Errorf("%v was accepted", bad)
		}
	}
}

func TestValidationNamesFieldAndFlag(t *testing.T) {
	c := basins.Basins{}.Quick()
	c.Alpha = 3
	if err := c.Validate(); err == nil || err.Error() != "basins: Alpha (-alpha) must be in (0, 2), got 3" {
		t.Errorf("α = 3: %v", err)
	}
	c = basins.Basins{}.Quick()
	c.Rules = []string{"pl", "perceptron"}
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "perceptron needs a margin") {
		t.Errorf("perceptron without κ: %v", err)
	}
	c.Rules = []string{"hopfield"}
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), `unknown rule "hopfield"`) {
		t.Errorf("unknown rule: %v", err)
	}
	m := mnist.MNIST{}.Quick()
	m.Alphas = []float64{400}
	if err := m.Validate(); err == nil || !strings.Contains(err.Error(), "out of the 60,000") {
		t.Errorf("too many images: %v", err)
	}
}
