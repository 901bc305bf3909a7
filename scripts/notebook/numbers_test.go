package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plmlab/plmlab/figure"
)

// writeMarkdownNotebook writes a notebook of markdown cells.
func writeMarkdownNotebook(t *testing.T, path string, cells ...string) {
	t.Helper()
	var cs []map[string]any
	for _, c := range cells {
		cs = append(cs, map[string]any{"cell_type": "markdown", "metadata": map[string]any{}, "source": c})
	}
	data, err := json.Marshal(map[string]any{"cells": cs, "metadata": map[string]any{}, "nbformat": 4, "nbformat_minor": 5})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestNumbersAgainstFigureData(t *testing.T) {
	dir := t.TempDir()
	figs := filepath.Join(dir, "figs", "04_x")
	os.MkdirAll(figs, 0o755)
	p := figure.Panel{Panel: "sizes", Caption: "PL passes maximal stability at 300 epochs (λ = 1.75).",
		Series:   []figure.Series{{Name: "PL", X: []float64{0.2, 0.4}, Y: []float64{0.61234, 0.4213}, YErr: []float64{0.01, 0.0021}}},
		Table:    &figure.Table{Header: []string{"rule", "size"}, Rows: [][]string{{"PL", "0.421 ± 0.002"}, {"Hebb", "0"}}},
		Heatmaps: []figure.Heatmap{{Name: "train", X: []float64{1, 2}, Y: []float64{0.5}, Z: [][]float64{{0.25, 0.75}}}},
		Params:   map[string]any{"stored": []float64{1, 0.55}, "kmax": 1.242}}
	data, _ := json.Marshal(p)
	os.WriteFile(filepath.Join(figs, "sizes.json"), data, 0o644)
	nb := filepath.Join(dir, "04_x.ipynb")
	good := "At α = 0.4 PL's basin is 0.421<!--= sizes series PL @0.4 --> ± 0.002<!--= sizes series PL @0.4 err -->, " +
		"the table says 0.421<!--= sizes table PL size --> ± 0.002<!--= sizes table PL size #2 -->. " +
		"It passes at 300<!--= sizes caption 1 --> epochs ($\\lambda\\approx1.75$<!--= sizes caption 2 -->); " +
		"75 %<!--= sizes heat train @2,0.5 --> of the map, and 0.61<!--= sizes series PL first tol=0.01 -->; " +
		"stored 0.55<!--= sizes param stored @0.4 -->, κ 1.24<!--= sizes param kmax tol=0.005 -->.\n\n" +
		"At the paper's size it is 0.43 and 0.44.<!--recorded: reproduce basins -paper-->\n\nWith α = 0.5 and 0.25 as parameters."
	writeMarkdownNotebook(t, nb, good)
	report, err := numbersCommand([]string{"-figures", filepath.Join(dir, "figs"), nb})
	if err != nil {
		t.Fatalf("%v\n%s", err, report)
	}
	if !strings.Contains(report, "04_x: 10 of 10 quoted numbers agree with the figure data; 2 recorded from other runs; 3 other numbers") {
		t.Errorf("report:\n%s", report)
	}
	writeMarkdownNotebook(t, nb, "Intro.\n\nPL's basin is large. It is 0.431<!--= sizes series PL @0.4 --> here. Hebb has 0.1<!--= sizes series Hebb @0.4 -->.")
	_, err = numbersCommand([]string{"-figures", filepath.Join(dir, "figs"), nb})
	if err == nil {
		t.Fatal("a number off by 0.01 passed")
	}
	for _, want := range []string{"04_x: «It is 0.431 here.» quotes 0.431, the figure data give 0.4213", `sizes has no series "Hebb"`, "2 quoted numbers disagree"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	// A notebook that was not executed is reported, not failed.
	other := filepath.Join(dir, "08_y.ipynb")
	writeMarkdownNotebook(t, other, "0.5<!--= p series s last -->")
	report, err = numbersCommand([]string{"-figures", filepath.Join(dir, "figs"), other})
	if err != nil || !strings.Contains(report, "08_y: SKIPPED") {
		t.Errorf("not executed: %v\n%s", err, report)
	}
}
