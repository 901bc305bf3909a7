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

	"github.com/plmlab/plmlab/figure"
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
	paint(img, spins, width, height, scale, 0, 0)
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func paint(img *image.Gray, spins []float32, width, height, scale, x0, y0 int) {
	for y := 0; y < height*scale; y++ {
		for x := 0; x < width*scale; x++ {
			c := color.Gray{Y: 255}
			if spins[(y/scale)*width+x/scale] > 0 {
				c = color.Gray{Y: 20}
			}
			img.SetGray(x0+x, y0+y, c)
		}
	}
}

// scaleFor makes pictures about 84 pixels on their long side.
func scaleFor(width, height int) int { return max(1, 84/max(width, height)) }

// ImagesPNG draws a grid of images as one PNG (no captions), for files.
func ImagesPNG(im *figure.Images) ([]byte, error) {
	if len(im.Spins) == 0 {
		return nil, fmt.Errorf("plotting: no images to draw")
	}
	cols := im.Cols
	if cols < 1 {
		cols = 8
	}
	rows := (len(im.Spins) + cols - 1) / cols
	s, gap := scaleFor(im.Width, im.Height), 4
	cw, ch := im.Width*s+gap, im.Height*s+gap
	img := image.NewGray(image.Rect(0, 0, cols*cw+gap, rows*ch+gap))
	for k := range img.Pix {
		img.Pix[k] = 200
	}
	for k, x := range im.Spins {
		if len(x) != im.Width*im.Height {
			return nil, fmt.Errorf("plotting: image %d has %d spins, not %d×%d", k, len(x), im.Width, im.Height)
		}
		paint(img, x, im.Width, im.Height, s, gap+(k%cols)*cw, gap+(k/cols)*ch)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// ImagesHTML lays out a grid of images with captions as self-contained
// HTML (PNG data URIs).
func ImagesHTML(im *figure.Images) (string, error) {
	return ImageGrid(im.Spins, im.Captions, im.Width, im.Height, im.Cols)
}

// ImageGrid lays out configurations as small images with captions, cols
// per row, as self-contained HTML (PNG data URIs).
func ImageGrid(images [][]float32, captions []string, width, height, cols int) (string, error) {
	if cols < 1 {
		cols = 8
	}
	scale := scaleFor(width, height)
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
