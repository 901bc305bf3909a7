package plotting

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/plmlab/plmlab/figure"
)

// SavePanel writes a figure into dir as DIR/PANEL.json, plus DIR/PANEL.svg
// and DIR/PANEL.png when it has curves or heat maps, or DIR/PANEL.png when
// it is a grid of images; it returns the paths written. Every file is
// written atomically.
func SavePanel(p *figure.Panel, dir string) ([]string, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("plotting: output directory: %w", err)
	}
	base := filepath.Join(dir, p.Panel)
	data, err := json.MarshalIndent(p, "", " ")
	if err != nil {
		return nil, fmt.Errorf("plotting: encoding %s: %w", p.Panel, err)
	}
	if err := writeTo(base+".json", bytesWriter(append(data, '\n'))); err != nil {
		return nil, err
	}
	paths := []string{base + ".json"}
	if p.HasPlot() {
		for _, ext := range []string{".svg", ".png"} {
			if err := SaveStatic(p, base+ext); err != nil {
				return paths, err
			}
			paths = append(paths, base+ext)
		}
	} else if p.Images != nil {
		png, err := ImagesPNG(p.Images)
		if err != nil {
			return paths, fmt.Errorf("plotting: %s: %w", p.Panel, err)
		}
		if err := writeTo(base+".png", bytesWriter(png)); err != nil {
			return paths, err
		}
		paths = append(paths, base+".png")
	}
	return paths, nil
}

// SaveFigures writes every figure of a result with SavePanel.
func SaveFigures(figs []*figure.Panel, dir string) ([]string, error) {
	var paths []string
	for _, p := range figs {
		ps, err := SavePanel(p, dir)
		paths = append(paths, ps...)
		if err != nil {
			return paths, err
		}
	}
	return paths, nil
}
