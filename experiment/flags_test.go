package experiment

import (
	"encoding/json"
	"flag"
	"io"
	"reflect"
	"strings"
	"testing"
)

func TestRegistryConfigs(t *testing.T) {
	if len(All()) < 8 {
		t.Fatalf("%d experiments registered", len(All()))
	}
	for _, e := range All() {
		for _, preset := range []Config{e.Quick(), e.PaperPreset()} {
			if preset.Name() != e.Name || reflect.TypeOf(preset) != e.Type {
				t.Errorf("%s: preset %T named %s", e.Name, preset, preset.Name())
			}
			// Presets are valid (apart from data files the machine may lack).
			if err := preset.Validate(); err != nil {
				t.Errorf("%s preset: %v", e.Name, err)
			}
			// JSON round trip keeps the config.
			raw, err := json.Marshal(preset)
			if err != nil {
				t.Fatal(err)
			}
			back := reflect.New(e.Type)
			if err := json.Unmarshal(raw, back.Interface()); err != nil || !reflect.DeepEqual(back.Elem().Interface(), preset) {
				t.Errorf("%s: JSON round trip %s → %+v (%v)", e.Name, raw, back.Elem().Interface(), err)
			}
		}
		// Every field is a documented flag.
		for i := 0; i < e.Type.NumField(); i++ {
			f := e.Type.Field(i)
			if FlagName(f) == "" || f.Tag.Get("help") == "" {
				t.Errorf("%s.%s lacks a json name or a help tag", e.Type.Name(), f.Name)
			}
		}
		if _, err := BindFlags(flag.NewFlagSet(e.Name, flag.ContinueOnError), e.Quick(), e.PaperPreset()); err != nil {
			t.Errorf("%s: %v", e.Name, err)
		}
		if got, ok := ByType(e.Type.Name()); !ok || got.Name != e.Name {
			t.Errorf("ByType(%s) = %s", e.Type.Name(), got.Name)
		}
	}
	paper := 0
	for _, e := range All() {
		if e.Paper {
			paper++
		}
	}
	if paper != 9 {
		t.Errorf("%d paper panels, want 9", paper)
	}
}

func TestFlagsOverPresets(t *testing.T) {
	e, _ := Lookup("basins")
	fs := flag.NewFlagSet("basins", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	b, err := BindFlags(fs, e.Quick(), e.PaperPreset())
	if err != nil {
		t.Fatal(err)
	}
	if err := fs.Parse([]string{"-epochs", "42", "-rules", "pl, hebb", "-alpha=0.3"}); err != nil {
		t.Fatal(err)
	}
	got := b.Config().(Basins)
	if got.Epochs != 42 || got.Alpha != 0.3 || !reflect.DeepEqual(got.Rules, []string{"pl", "hebb"}) || got.N != 400 {
		t.Errorf("flags over the quick preset: %+v", got)
	}
	// An explicit flag wins over -paper; the rest is the paper's.
	over := b.Over(e.PaperPreset()).(Basins)
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
		BindFlags(fs, e.Quick(), nil)
		if err := fs.Parse(bad); err == nil {
			t.Errorf("%v was accepted", bad)
		}
	}
}

func TestValidationNamesFieldAndFlag(t *testing.T) {
	c := Basins{}.Quick()
	c.Alpha = 3
	if err := c.Validate(); err == nil || err.Error() != "basins: Alpha (-alpha) must be in (0, 2), got 3" {
		t.Errorf("α = 3: %v", err)
	}
	c = Basins{}.Quick()
	c.Rules = []string{"pl", "perceptron"}
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "perceptron needs a margin") {
		t.Errorf("perceptron without κ: %v", err)
	}
	c.Rules = []string{"hopfield"}
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), `unknown rule "hopfield"`) {
		t.Errorf("unknown rule: %v", err)
	}
	m := MNIST{}.Quick()
	m.Alphas = []float64{400}
	if err := m.Validate(); err == nil || !strings.Contains(err.Error(), "out of the 60,000") {
		t.Errorf("too many images: %v", err)
	}
}
