package experiment

import (
	"fmt"
	"math"
	"reflect"
	"strings"

	"github.com/plmlab/plmlab/internal/limits"
)

// Validator checks a config's fields and keeps the first error, which
// names the experiment, the field (with its flag) and the bad value.
type Validator struct {
	c   Config
	Err error
}

func NewValidator(c Config) *Validator { return &Validator{c: c} }

func (v *Validator) field(name string) string {
	if f, ok := reflect.TypeOf(v.c).FieldByName(name); ok {
		if fl := FlagName(f); fl != "" {
			return name + " (-" + fl + ")"
		}
	}
	return name
}

func (v *Validator) Fail(name, format string, a ...any) {
	if v.Err == nil {
		v.Err = fmt.Errorf("%s: %s %s", v.c.Name(), v.field(name), fmt.Sprintf(format, a...))
	}
}

// AtLeast requires an integer ≥ lo.
func (v *Validator) AtLeast(name string, x, lo int) {
	if x < lo {
		v.Fail(name, "must be ≥ %d, got %d", lo, x)
	}
}

// Positive requires a finite number > 0.
func (v *Validator) Positive(name string, x float64) {
	if !(x > 0) || math.IsInf(x, 0) {
		v.Fail(name, "must be finite and > 0, got %v", x)
	}
}

// NonNegative requires a finite number ≥ 0.
func (v *Validator) NonNegative(name string, x float64) {
	if !(x >= 0) || math.IsInf(x, 0) {
		v.Fail(name, "must be finite and ≥ 0, got %v", x)
	}
}

// Within requires lo ≤ x ≤ hi.
func (v *Validator) Within(name string, x, lo, hi float64) {
	if !(x >= lo && x <= hi) {
		v.Fail(name, "must be in [%g, %g], got %v", lo, hi, x)
	}
}

// OpenInterval requires lo < x < hi.
func (v *Validator) OpenInterval(name string, x, lo, hi float64) {
	if !(x > lo && x < hi) {
		v.Fail(name, "must be in (%g, %g), got %v", lo, hi, x)
	}
}

// Loads requires a non-empty list of finite values > 0 (no more than max,
// when max > 0).
func (v *Validator) Loads(name string, xs []float64, max float64) {
	if len(xs) == 0 {
		v.Fail(name, "needs at least one value")
		return
	}
	for _, x := range xs {
		if !(x > 0) || math.IsInf(x, 0) || (max > 0 && x > max) {
			if max > 0 {
				v.Fail(name, "values must be in (0, %g], got %v", max, x)
			} else {
				v.Fail(name, "values must be finite and > 0, got %v", x)
			}
			return
		}
	}
}

// Training checks the usual training fields: Epochs ≥ 1, LR > 0 and, when
// the config has one, Clip ≥ 0 (a negative clip means "no Clip field").
func (v *Validator) Training(epochs int, lr, clip float64) {
	v.AtLeast("Epochs", epochs, 1)
	v.Positive("LR", lr)
	if clip != NoClip {
		v.NonNegative("Clip", clip)
	}
}

// Sum refuses counts whose sum overflows an int (BurnIn + Sweeps would
// wrap to a negative loop bound and the run return zeros); names lists the
// fields, e.g. "BurnIn + Sweeps".
func (v *Validator) Sum(names string, terms ...int) int {
	s, ok := limits.Sum(terms...)
	if !ok {
		v.Fail(strings.Fields(names)[0], "%s = %v is too large to count", names, terms)
	}
	return s
}

// Product refuses counts whose product overflows an int.
func (v *Validator) Product(names string, factors ...int) int {
	p, ok := limits.Product(factors...)
	if !ok {
		v.Fail(strings.Fields(names)[0], "%s = %v is too large to count", names, factors)
	}
	return p
}

// Steps is the number of points of a grid over span in steps of step
// (MInStep 1e-12 would make 10¹² m_in), refused past a million.
func (v *Validator) Steps(name string, span, step float64) int {
	n, ok := limits.Steps(span, step)
	if !ok || n > 1e6 {
		v.Fail(name, "%v makes more than a million grid points", step)
		return 0
	}
	return n
}

// NoClip marks a config without a Clip field for training.
const NoClip = -1

// Memory refuses a configuration whose main allocations (byte counts,
// from limits.Must) exceed the memory limit, saying how much it would need.
func (v *Validator) Memory(parts ...int64) {
	if v.Err != nil {
		return
	}
	if err := limits.Total(v.c.Name()+": this configuration", parts...); err != nil {
		v.Err = err
	}
}

// Check records err (from a deeper check) under the field's name.
func (v *Validator) Check(name string, err error) {
	if err != nil {
		v.Fail(name, "%v", err)
	}
}
