package experiment

import (
	"context"
	"fmt"
	"reflect"
	"sort"
)

// Entry describes a registered experiment, for commands that list and run
// experiments by name (scripts/reproduce, scripts/run-notebook).
type Entry struct {
	Name  string
	About string
	// Paper marks the panels of the paper's figures (scripts/reproduce.sh
	// runs these).
	Paper bool
	// Type is the config's struct type.
	Type reflect.Type

	quick, paper func() Config
	run          func(ctx context.Context, c Config, p Progress) (Result, error)
}

// Quick returns the quick preset (defaults that run in about a minute).
func (e Entry) Quick() Config { return e.quick() }

// PaperPreset returns the paper's sizes and grids.
func (e Entry) PaperPreset() Config { return e.paper() }

// Run runs c (of the entry's type) through the cache, as Cached does.
func (e Entry) Run(ctx context.Context, c Config, p Progress) (Result, error) {
	if reflect.TypeOf(c) != e.Type {
		return nil, fmt.Errorf("experiment: %s takes a %v config, got %T", e.Name, e.Type, c)
	}
	return e.run(ctx, c, p)
}

var registry = map[string]Entry{}

// preset is a config type with its two presets.
type preset[C any, R Result] interface {
	Experiment[R]
	Quick() C
	Paper() C
}

func register[C preset[C, R], R Result](about string, paper bool) {
	var zero C
	e := Entry{
		Name: zero.Name(), About: about, Paper: paper, Type: reflect.TypeOf(zero),
		quick: func() Config { return zero.Quick() },
		paper: func() Config { return zero.Paper() },
		run: func(ctx context.Context, c Config, p Progress) (Result, error) {
			return Cached[R](ctx, c.(C), p)
		},
	}
	if _, dup := registry[e.Name]; dup {
		panic("experiment: " + e.Name + " registered twice")
	}
	registry[e.Name] = e
}

// Lookup returns the experiment registered under name.
func Lookup(name string) (Entry, bool) {
	e, ok := registry[name]
	return e, ok
}

// All returns every registered experiment: the paper's panels first, then
// the others, each group by name.
func All() []Entry {
	var out []Entry
	for _, e := range registry {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Paper != out[j].Paper {
			return out[i].Paper
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// ByType returns the experiment whose config type has the given name
// (e.g. "Basins"), for tools that read notebooks' parameter cells.
func ByType(typeName string) (Entry, bool) {
	for _, e := range registry {
		if e.Type.Name() == typeName {
			return e, true
		}
	}
	return Entry{}, false
}
