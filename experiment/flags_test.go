package experiment

import (
	"encoding/json"
	"flag"
	"reflect"
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
