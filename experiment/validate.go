package experiment

import (
	"fmt"
	"math"
	"reflect"
	"strings"

	"github.com/plmlab/plmlab/internal/limits"
)

// validator checks a config's fields and keeps the first error, which
// names the experiment, the field (with its flag) and the bad value.
type validator struct {
	c   Config
	err error
}

func validate(c Config) *validator { return &validator{c: c} }

func (v *validator) field(name string) string {
	if f, ok := reflect.TypeOf(v.c).FieldByName(name); ok {
		if fl := FlagName(f); fl != "" {
			return name + " (-" + fl + ")"
		}
	}
	return name
}

func (v *validator) fail(name, format string, a ...any) {
	if v.err == nil {
		v.err = fmt.Errorf("%s: %s %s", v.c.Name(), v.field(name), fmt.Sprintf(format, a...))
	}
}

// atLeast requires an integer ≥ lo.
func (v *validator) atLeast(name string, x, lo int) {
	if x < lo {
		v.fail(name, "must be ≥ %d, got %d", lo, x)
	}
}

// positive requires a finite number > 0.
func (v *validator) positive(name string, x float64) {
	if !(x > 0) || math.IsInf(x, 0) {
		v.fail(name, "must be finite and > 0, got %v", x)
	}
}

// nonNegative requires a finite number ≥ 0.
func (v *validator) nonNegative(name string, x float64) {
	if !(x >= 0) || math.IsInf(x, 0) {
		v.fail(name, "must be finite and ≥ 0, got %v", x)
	}
}

// within requires lo ≤ x ≤ hi.
func (v *validator) within(name string, x, lo, hi float64) {
	if !(x >= lo && x <= hi) {
		v.fail(name, "must be in [%g, %g], got %v", lo, hi, x)
	}
}

// openInterval requires lo < x < hi.
func (v *validator) openInterval(name string, x, lo, hi float64) {
	if !(x > lo && x < hi) {
		v.fail(name, "must be in (%g, %g), got %v", lo, hi, x)
	}
}

// loads requires a non-empty list of finite values > 0 (no more than max,
// when max > 0).
func (v *validator) loads(name string, xs []float64, max float64) {
	if len(xs) == 0 {
		v.fail(name, "needs at least one value")
		return
	}
	for _, x := range xs {
		if !(x > 0) || math.IsInf(x, 0) || (max > 0 && x > max) {
			if max > 0 {
				v.fail(name, "values must be in (0, %g], got %v", max, x)
			} else {
				v.fail(name, "values must be finite and > 0, got %v", x)
			}
			return
		}
	}
}

// training checks the usual training fields: Epochs ≥ 1, LR > 0 and, when
// the config has one, Clip ≥ 0 (a negative clip means "no Clip field").
func (v *validator) training(epochs int, lr, clip float64) {
	v.atLeast("Epochs", epochs, 1)
	v.positive("LR", lr)
	if clip != noClip {
		v.nonNegative("Clip", clip)
	}
}

// init checks the name of a PL start (the keys of inits).
func (v *validator) init(name, value string) {
	if _, ok := inits[value]; !ok {
		v.fail(name, "must be zero, uniform, hebb or random, got %q", value)
	}
}

// sum refuses counts whose sum overflows an int (BurnIn + Sweeps would
// wrap to a negative loop bound and the run return zeros); names lists the
// fields, e.g. "BurnIn + Sweeps".
func (v *validator) sum(names string, terms ...int) int {
	s, ok := limits.Sum(terms...)
	if !ok {
		v.fail(strings.Fields(names)[0], "%s = %v is too large to count", names, terms)
	}
	return s
}

// product refuses counts whose product overflows an int.
func (v *validator) product(names string, factors ...int) int {
	p, ok := limits.Product(factors...)
	if !ok {
		v.fail(strings.Fields(names)[0], "%s = %v is too large to count", names, factors)
	}
	return p
}

// steps is the number of points of a grid over span in steps of step
// (MInStep 1e-12 would make 10¹² m_in), refused past a million.
func (v *validator) steps(name string, span, step float64) int {
	n, ok := limits.Steps(span, step)
	if !ok || n > 1e6 {
		v.fail(name, "%v makes more than a million grid points", step)
		return 0
	}
	return n
}

// basinBytes is the memory of one basin curve of P patterns of N spins
// with trials starts each on k values of m_in (plm.Basins).
func basinBytes(p, n, trials, k int) []int64 {
	return []int64{limits.Must(8*2, p, n), limits.Must(8+2, p, trials), limits.Must(8*5, k)}
}

// noClip marks a config without a Clip field for training.
const noClip = -1

// memory refuses a configuration whose main allocations (byte counts,
// from limits.Must) exceed the memory limit, saying how much it would need.
func (v *validator) memory(parts ...int64) {
	if v.err != nil {
		return
	}
	if err := limits.Total(v.c.Name()+": this configuration", parts...); err != nil {
		v.err = err
	}
}

// couplingBytes is the memory of PL training on P patterns of N spins:
// couplings, gradient and their float64 copies (N² each), fields and
// derivatives (P·N each) and the patterns.
func couplingBytes(p, n int) []int64 {
	return []int64{limits.Must(4*6, n, n), limits.Must(4*4, p, n)}
}

// check records err (from a deeper check) under the field's name.
func (v *validator) check(name string, err error) {
	if err != nil {
		v.fail(name, "%v", err)
	}
}
