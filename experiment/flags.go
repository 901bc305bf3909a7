package experiment

import (
	"flag"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// Flags binds the exported fields of a config struct to command-line
// flags: one generic binder, so that a command's flags and help text come
// from the config itself.
//
// A field's flag is its JSON name with "_" written "-" (MaxSteps
// `json:"max_steps"` is -max-steps); its usage is the field's `help` tag,
// followed by the paper preset's value when that differs. Supported field
// types: int, uint64, float64, bool, string and slices of float64, int and
// string (comma-separated on the command line).
type Flags struct {
	ptr    reflect.Value // *Config, bound to the flags
	fields map[string]int
	fs     *flag.FlagSet
}

// BindFlags registers cfg's fields on fs, with the values of cfg as
// defaults; paper (optional, same type) is quoted in the usage text.
func BindFlags(fs *flag.FlagSet, cfg Config, paper Config) (*Flags, error) {
	t := reflect.TypeOf(cfg)
	if t.Kind() != reflect.Struct {
		return nil, fmt.Errorf("experiment: %s config is a %v, not a struct", cfg.Name(), t.Kind())
	}
	b := &Flags{ptr: reflect.New(t), fields: map[string]int{}, fs: fs}
	b.ptr.Elem().Set(reflect.ValueOf(cfg))
	var pv reflect.Value
	if paper != nil && reflect.TypeOf(paper) == t {
		pv = reflect.ValueOf(paper)
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := FlagName(f)
		if name == "" {
			continue
		}
		v := &fieldValue{v: b.ptr.Elem().Field(i)}
		if _, err := formatValue(v.v); err != nil {
			return nil, fmt.Errorf("experiment: %s.%s: %w", t.Name(), f.Name, err)
		}
		usage := f.Tag.Get("help")
		if pv.IsValid() && !reflect.DeepEqual(pv.Field(i).Interface(), v.v.Interface()) {
			s, _ := formatValue(pv.Field(i))
			if s == "" {
				s = `""`
			}
			usage += " (paper: " + s + ")"
		}
		fs.Var(v, name, usage)
		b.fields[name] = i
	}
	return b, nil
}

// FlagName is a struct field's flag name ("" for fields without a JSON
// name or unexported ones).
func FlagName(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "-" || name == "" {
		return ""
	}
	return strings.ReplaceAll(name, "_", "-")
}

// Config returns the config as set by the defaults and the parsed flags.
func (b *Flags) Config() Config { return b.ptr.Elem().Interface().(Config) }

// Over returns base (same type) with the fields whose flags were given on
// the command line replaced by their values: an explicit flag always wins
// over a preset.
func (b *Flags) Over(base Config) Config {
	out := reflect.New(b.ptr.Elem().Type()).Elem()
	out.Set(reflect.ValueOf(base))
	b.fs.Visit(func(f *flag.Flag) {
		if i, ok := b.fields[f.Name]; ok {
			out.Field(i).Set(b.ptr.Elem().Field(i))
		}
	})
	return out.Interface().(Config)
}

// fieldValue is a flag.Value over one struct field.
type fieldValue struct{ v reflect.Value }

func (f *fieldValue) String() string {
	if f == nil || !f.v.IsValid() {
		return ""
	}
	s, _ := formatValue(f.v)
	return s
}

func (f *fieldValue) Set(s string) error { return SetValue(f.v, s) }

func (f *fieldValue) IsBoolFlag() bool { return f.v.IsValid() && f.v.Kind() == reflect.Bool }

// TypeName names the value a flag takes, for help texts: int, uint, float,
// string, bool, or a comma-separated list of them ("" for flags that are
// not a config field).
func (b *Flags) TypeName(flagName string) string {
	i, ok := b.fields[flagName]
	if !ok {
		return ""
	}
	return typeName(b.ptr.Elem().Type().Field(i).Type)
}

func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int:
		return "int"
	case reflect.Uint64:
		return "uint"
	case reflect.Float64:
		return "float"
	case reflect.Slice:
		return typeName(t.Elem()) + ",…"
	}
	return t.Kind().String()
}

// SetValue parses s into v (a settable field of a supported type); the
// error says what was expected.
func SetValue(v reflect.Value, s string) error {
	switch v.Kind() {
	case reflect.Int:
		x, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("%q is not an integer", s)
		}
		v.SetInt(int64(x))
	case reflect.Uint64:
		x, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return fmt.Errorf("%q is not a non-negative integer", s)
		}
		v.SetUint(x)
	case reflect.Float64:
		x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return fmt.Errorf("%q is not a number", s)
		}
		v.SetFloat(x)
	case reflect.Bool:
		x, err := strconv.ParseBool(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("%q is not true or false", s)
		}
		v.SetBool(x)
	case reflect.String:
		v.SetString(s)
	case reflect.Slice:
		parts := []string{}
		if strings.TrimSpace(s) != "" {
			parts = strings.Split(s, ",")
		}
		out := reflect.MakeSlice(v.Type(), len(parts), len(parts))
		for k, p := range parts {
			if err := SetValue(out.Index(k), strings.TrimSpace(p)); err != nil {
				return fmt.Errorf("item %d of a comma-separated list: %w", k+1, err)
			}
		}
		v.Set(out)
	default:
		return fmt.Errorf("unsupported field type %v", v.Type())
	}
	return nil
}

// formatValue writes v as SetValue reads it.
func formatValue(v reflect.Value) (string, error) {
	switch v.Kind() {
	case reflect.Int:
		return strconv.FormatInt(v.Int(), 10), nil
	case reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10), nil
	case reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64), nil
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), nil
	case reflect.String:
		return v.String(), nil
	case reflect.Slice:
		switch v.Type().Elem().Kind() {
		case reflect.Int, reflect.Float64, reflect.String:
		default:
			return "", fmt.Errorf("unsupported field type %v", v.Type())
		}
		parts := make([]string, v.Len())
		for k := range parts {
			parts[k], _ = formatValue(v.Index(k))
		}
		return strings.Join(parts, ","), nil
	}
	return "", fmt.Errorf("unsupported field type %v", v.Type())
}
