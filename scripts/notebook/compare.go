package main

import (
	"encoding/json"
	"fmt"

	"github.com/plmlab/plmlab/figure"
	"github.com/plmlab/plmlab/internal/userfile"
)

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// compareFiles reports whether two figure files hold the same data: the
// same series, heat maps, table and images (labels, captions and
// parameters may differ).
func compareFiles(a, b string) error {
	var pa, pb figure.Panel
	for _, x := range []struct {
		path string
		p    *figure.Panel
	}{{a, &pa}, {b, &pb}} {
		raw, err := userfile.Read(x.path, maxNotebookBytes)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(raw, x.p); err != nil {
			return fmt.Errorf("%s: %w", x.path, err)
		}
	}
	// Compared as JSON, where NaN is null (NaN ≠ NaN as a number).
	data := func(p figure.Panel) figure.Panel {
		return figure.Panel{Panel: "x", Series: p.Series, Heatmaps: p.Heatmaps, Table: p.Table, Images: p.Images}
	}
	ja, err := json.Marshal(data(pa))
	if err != nil {
		return err
	}
	jb, err := json.Marshal(data(pb))
	if err != nil {
		return err
	}
	if string(ja) != string(jb) {
		return fmt.Errorf("%s and %s hold different figure data", a, b)
	}
	return nil
}
