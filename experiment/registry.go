package experiment

import (
	"bytes"
	"context"
	"encoding/gob"
	"fmt"
	"reflect"
	"sort"
	"strings"
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

	// Set for experiments made of independent grid points (see gridded):
	// outcomes cross machines gob-encoded.
	points func(c Config) []GridPoint
	shard  func(ctx context.Context, c Config, idx []int, t *Tracker, emit func(k int, outcome []byte) error) error
	merge  func(c Config, outcomes [][]byte) (Result, error)
}

// Quick returns the quick preset (defaults that run in about a minute).
func (e Entry) Quick() Config { return e.quick() }

// PaperPreset returns the paper's sizes and grids.
func (e Entry) PaperPreset() Config { return e.paper() }

// Run runs c (of the entry's type) through the cache, as Cached does.
func (e Entry) Run(ctx context.Context, c Config, p Progress) (Result, error) {
	if err := e.checkType(c); err != nil {
		return nil, err
	}
	return e.run(ctx, c, p)
}

// checkType refuses a config of another experiment's type.
func (e Entry) checkType(c Config) error {
	if reflect.TypeOf(c) != e.Type {
		return fmt.Errorf("experiment: %s takes a %v config, got %T", e.Name, e.Type, c)
	}
	return nil
}

var registry = map[string]Entry{}

// preset is a config type with its two presets.
type preset[C any, R Result] interface {
	Experiment[R]
	Quick() C
	Paper() C
}

func Register[C preset[C, R], R Result](about string, paper bool) {
	add(entryOf[C, R](about, paper))
}

// gridPreset is a config type with presets whose work is a grid.
type gridPreset[C any, U any, R Result] interface {
	preset[C, R]
	gridded[U, R]
}

// RegisterGrid registers an experiment that splits into grid points, for
// RunShard and Merge.
func RegisterGrid[C gridPreset[C, U, R], U any, R Result](about string, paper bool) {
	e := entryOf[C, R](about, paper)
	e.points = func(c Config) []GridPoint { return c.(C).Points() }
	e.shard = func(ctx context.Context, c Config, idx []int, t *Tracker, emit func(int, []byte) error) error {
		if len(idx) == 0 {
			return nil
		}
		if err := checkIndices(idx, len(c.(C).Points())); err != nil {
			return err
		}
		return c.(C).RunPoints(ctx, idx, t, func(k int, u U) error {
			var b bytes.Buffer
			if err := gob.NewEncoder(&b).Encode(u); err != nil {
				return fmt.Errorf("experiment: encoding grid point %d of %s: %w", k, c.Name(), err)
			}
			return emit(k, b.Bytes())
		})
	}
	e.merge = func(c Config, outcomes [][]byte) (Result, error) {
		units := make([]U, len(outcomes))
		check, _ := c.(unitChecker[U])
		for k, b := range outcomes {
			if !gobFraming(b) || gob.NewDecoder(bytes.NewReader(b)).Decode(&units[k]) != nil {
				return nil, fmt.Errorf("experiment: grid point %d of %s: damaged outcome", k, c.Name())
			}
			if check != nil {
				if err := check.CheckUnit(k, units[k]); err != nil {
					return nil, fmt.Errorf("experiment: grid point %d of %s does not fit its config: %w", k, c.Name(), err)
				}
			}
		}
		return c.(C).Assemble(units)
	}
	add(e)
}

func entryOf[C preset[C, R], R Result](about string, paper bool) Entry {
	var zero C
	return Entry{
		Name: zero.Name(), About: about, Paper: paper, Type: reflect.TypeOf(zero),
		quick: func() Config { return zero.Quick() },
		paper: func() Config { return zero.Paper() },
		run: func(ctx context.Context, c Config, p Progress) (Result, error) {
			return Cached[R](ctx, c.(C), p)
		},
	}
}

func add(e Entry) {
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

// PanelOwner is the experiment that writes figure panels of this name:
// the experiment of that name, else the one with the longest name that
// the panel's name extends with "-…" (basins-stored → basins,
// p-delta-train-2 → p-delta-train); "" when none does.
func PanelOwner(panel string) string {
	if _, ok := registry[panel]; ok {
		return panel
	}
	owner := ""
	for name := range registry {
		if strings.HasPrefix(panel, name+"-") && len(name) > len(owner) {
			owner = name
		}
	}
	return owner
}
