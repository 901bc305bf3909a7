package plotting

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"strings"
)

// ImagePNG draws a configuration of width×height spins (row-major, > 0
// black, ≤ 0 white) as a PNG with scale×scale pixels per spin.
func ImagePNG(spins []float32, width, height, scale int) ([]byte, error) {
	if width <= 0 || height <= 0 || len(spins) != width*height {
		return nil, fmt.Errorf("plotting: image of %d spins is not %d×%d", len(spins), width, height)
	}
	if scale < 1 {
		scale = 1
	}
	img := image.NewGray(image.Rect(0, 0, width*scale, height*scale))
	for y := 0; y < height*scale; y++ {
		for x := 0; x < width*scale; x++ {
			c := color.Gray{Y: 255}
			if spins[(y/scale)*width+x/scale] > 0 {
				c = color.Gray{Y: 20}
			}
			img.SetGray(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// ImageGrid lays out configurations as small images with captions, cols
// per row, as self-contained HTML (PNG data URIs).
func ImageGrid(images [][]float32, captions []string, width, height, cols int) (string, error) {
	if cols < 1 {
		cols = 8
	}
	scale := max(1, 84/max(width, height))
	var b strings.Builder
	fmt.Fprintf(&b, `<div style="display:grid;grid-template-columns:repeat(%d,auto);gap:6px;justify-content:start">`, cols)
	for k, im := range images {
		data, err := ImagePNG(im, width, height, scale)
		if err != nil {
			return "", fmt.Errorf("image %d: %w", k, err)
		}
		cap := ""
		if k < len(captions) {
			cap = captions[k]
		}
		fmt.Fprintf(&b, `<figure style="margin:0;text-align:center"><img alt="%s" style="image-rendering:pixelated;border:1px solid #ccc" src="data:image/png;base64,%s"><figcaption style="font-size:75%%">%s</figcaption></figure>`,
			html.EscapeString(cap), base64.StdEncoding.EncodeToString(data), html.EscapeString(cap))
	}
	b.WriteString(`</div>`)
	return b.String(), nil
}
