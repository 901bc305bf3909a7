package nb

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/plmlab/plmlab/experiment"
)

// Control is a slider or a selector bound to one field of an experiment's
// config (see Explore). It offers a fixed list of values, so that every
// position is a config the cache can hold; a slice field (Lambdas, Rules,
// Dims) is set to the one chosen value.
type Control struct {
	Field  string   // the config's Go field name, as in run-notebook's -p
	Label  string   // shown before the control (default: Field)
	Values []string // what the field is set to, as flags and -p read it
	Labels []string // what the page shows for each value (nil: Values)
	Start  int      // index into Values of the first draw
	Select bool     // a drop-down list instead of a slider
	err    error
}

// maxPositions bounds a slider's positions: a slider is for exploring,
// and every position is a cache entry.
const maxPositions = 2000

// Slider offers min, min+step, …, max (rounded to 12 digits, so that 0.1
// steps read 0.3, not 0.30000000000000004), starting at the value nearest
// start.
func Slider(field string, min, max, step, start float64) Control {
	c := Control{Field: field, Label: field}
	switch {
	case !finite(min, max, step, start):
		c.err = fmt.Errorf("slider %s: min, max, step and start must be finite numbers, got %v, %v, %v, %v", field, min, max, step, start)
	case !(max > min) || !(step > 0):
		c.err = fmt.Errorf("slider %s: needs min < max and step > 0, got min %v, max %v, step %v", field, min, max, step)
	case (max-min)/step+1 > maxPositions:
		c.err = fmt.Errorf("slider %s: %v to %v by %v is more than %d positions", field, min, max, step, maxPositions)
	}
	if c.err != nil {
		return c
	}
	n := int(math.Floor((max-min)/step+1e-9)) + 1
	vals := make([]float64, n)
	for k := range vals {
		vals[k] = min + float64(k)*step
	}
	return c.numbers(vals, start, nil)
}

// LogSlider offers the values from min to max of the Renard R10 series
// (1, 1.25, 1.6, 2, 2.5, 3.15, 4, 5, 6.3, 8 times a power of ten: ten per
// decade, evenly spaced on a log scale), starting at the value nearest
// start: for parameters like λ that matter by orders of magnitude.
func LogSlider(field string, min, max, start float64) Control {
	c := Control{Field: field, Label: field}
	switch {
	case !finite(min, max, start) || !(min > 0) || !(max > min):
		c.err = fmt.Errorf("log slider %s: needs 0 < min < max, finite, got min %v, max %v, start %v", field, min, max, start)
	case 10*math.Log10(max/min)+1 > maxPositions:
		c.err = fmt.Errorf("log slider %s: %v to %v is more than %d positions", field, min, max, maxPositions)
	}
	if c.err != nil {
		return c
	}
	var vals []float64
	for e := math.Floor(math.Log10(min)); e <= math.Ceil(math.Log10(max)); e++ {
		for _, r := range renardR10 {
			if v := r * math.Pow(10, e); v >= min*(1-1e-9) && v <= max*(1+1e-9) {
				vals = append(vals, v)
			}
		}
	}
	if len(vals) == 0 {
		c.err = fmt.Errorf("log slider %s: no value of the R10 series between %v and %v", field, min, max)
		return c
	}
	// Nearest on a log scale.
	return c.numbers(vals, start, math.Log)
}

var renardR10 = []float64{1, 1.25, 1.6, 2, 2.5, 3.15, 4, 5, 6.3, 8}

// Select offers the options in a drop-down list, starting at the first.
func Select(field string, options ...string) Control {
	c := Control{Field: field, Label: field, Values: options, Select: true}
	if len(options) == 0 {
		c.err = fmt.Errorf("select %s: no options", field)
	}
	return c
}

// SelectEach offers, for a list field, the whole list first ("all":
// the config as given, so the first draw is the static figure's, from the
// cache) and then each option alone.
func SelectEach(field string, options ...string) Control {
	c := Control{Field: field, Label: field, Select: true}
	if len(options) == 0 {
		c.err = fmt.Errorf("select %s: no options", field)
		return c
	}
	for _, o := range options {
		if strings.Contains(o, ",") {
			c.err = fmt.Errorf("select %s: option %q holds a comma, which separates list items", field, o)
			return c
		}
	}
	c.Values = append([]string{strings.Join(options, ",")}, options...)
	c.Labels = append([]string{"all"}, options...)
	return c
}

// label is what the page shows for value k.
func (c Control) label(k int) string {
	if k < len(c.Labels) {
		return c.Labels[k]
	}
	return c.Values[k]
}

// labels are what the page shows for every value.
func (c Control) labels() []string {
	out := make([]string, len(c.Values))
	for k := range out {
		out[k] = c.label(k)
	}
	return out
}

// WithLabel returns the control shown under another label (e.g. "λ").
func (c Control) WithLabel(label string) Control {
	c.Label = label
	return c
}

// numbers sets Values from vals (rounded to 12 digits, duplicates after
// rounding dropped) and Start to the value nearest start (after scale,
// when given).
func (c Control) numbers(vals []float64, start float64, scale func(float64) float64) Control {
	if scale == nil {
		scale = func(x float64) float64 { return x }
	}
	best := math.Inf(1)
	for _, v := range vals {
		v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
		s := strconv.FormatFloat(v, 'g', -1, 64)
		if n := len(c.Values); n > 0 && c.Values[n-1] == s {
			continue
		}
		if d := math.Abs(scale(v) - scale(start)); d < best {
			best, c.Start = d, len(c.Values)
		}
		c.Values = append(c.Values, s)
	}
	return c
}

func finite(xs ...float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// binding ties controls to a config: positions (one index per control)
// give a config.
type binding struct {
	base     reflect.Value // the config struct
	controls []Control
	fields   []int // struct field index of each control
}

// newBinding checks that each control names a settable field of cfg (once)
// and that each of its values parses into that field.
func newBinding(cfg experiment.Config, controls []Control) (*binding, error) {
	if len(controls) == 0 {
		return nil, errors.New("explore: no controls")
	}
	v := reflect.ValueOf(cfg)
	if v.Kind() != reflect.Struct {
		return nil, fmt.Errorf("explore: %s's config is a %v, not a struct", cfg.Name(), v.Kind())
	}
	b := &binding{base: v, controls: controls}
	seen := map[string]bool{}
	for _, c := range controls {
		if c.err != nil {
			return nil, fmt.Errorf("explore: %w", c.err)
		}
		if len(c.Values) == 0 || c.Start < 0 || c.Start >= len(c.Values) {
			return nil, fmt.Errorf("explore: control %s: start %d outside its %d values", c.Field, c.Start, len(c.Values))
		}
		if c.Labels != nil && len(c.Labels) != len(c.Values) {
			return nil, fmt.Errorf("explore: control %s: %d labels for %d values", c.Field, len(c.Labels), len(c.Values))
		}
		f, ok := v.Type().FieldByName(c.Field)
		if !ok || !f.IsExported() || len(f.Index) != 1 {
			return nil, fmt.Errorf("explore: %s's config (%T) has no field %s", cfg.Name(), cfg, c.Field)
		}
		if seen[c.Field] {
			return nil, fmt.Errorf("explore: two controls on %s", c.Field)
		}
		seen[c.Field] = true
		scratch := reflect.New(v.Type()).Elem()
		for _, s := range c.Values {
			if err := experiment.SetValue(scratch.Field(f.Index[0]), s); err != nil {
				return nil, fmt.Errorf("explore: control %s, value %q: %w", c.Field, s, err)
			}
		}
		b.fields = append(b.fields, f.Index[0])
	}
	return b, nil
}

// start is the controls' first positions.
func (b *binding) start() []int {
	pos := make([]int, len(b.controls))
	for k, c := range b.controls {
		pos[k] = c.Start
	}
	return pos
}

// config is the base config with each control's field set to its value
// at pos.
func (b *binding) config(pos []int) (experiment.Config, error) {
	if len(pos) != len(b.controls) {
		return nil, fmt.Errorf("explore: %d positions for %d controls", len(pos), len(b.controls))
	}
	out := reflect.New(b.base.Type()).Elem()
	out.Set(b.base)
	for k, c := range b.controls {
		if pos[k] < 0 || pos[k] >= len(c.Values) {
			return nil, fmt.Errorf("explore: control %s: position %d outside 0…%d", c.Field, pos[k], len(c.Values)-1)
		}
		if err := experiment.SetValue(out.Field(b.fields[k]), c.Values[pos[k]]); err != nil {
			return nil, fmt.Errorf("explore: %s = %s: %w", c.Field, c.Values[pos[k]], err)
		}
	}
	return out.Interface().(experiment.Config), nil
}

// describe says the controls' values at pos: "Alpha = 0.4 · λ = 1.6".
func (b *binding) describe(pos []int) string {
	s := ""
	for k, c := range b.controls {
		if k > 0 {
			s += " · "
		}
		if pos[k] >= 0 && pos[k] < len(c.Values) {
			s += c.Label + " = " + c.label(pos[k])
		}
	}
	return s
}
