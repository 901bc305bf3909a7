package data

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/plm"
)

// Binarisation turns grey images into ±1 patterns.
type Binarisation struct {
	Deskew    bool    // straighten by image moments first
	Crop      int     // side of the centred square kept; 0 keeps the whole image
	Threshold float64 // pixel > Threshold → +1, else −1
}

// PaperBinarisation is the paper's: deskew, centre-crop 28×28 → 14×14
// (N = 196), pixel > 86 → +1.
var PaperBinarisation = Binarisation{Deskew: true, Crop: 14, Threshold: 86}

// FullBinarisation keeps all 28×28 pixels (N = 784), deskewed.
var FullBinarisation = Binarisation{Deskew: true, Threshold: 86}

// Size is the width and height of the binarised images.
func (b Binarisation) Size(rows, cols int) (w, h int) {
	if b.Crop > 0 {
		return b.Crop, b.Crop
	}
	return cols, rows
}

// Pattern binarises one image of rows×cols bytes.
func (b Binarisation) Pattern(img []byte, rows, cols int) ([]float32, error) {
	if len(img) != rows*cols || rows <= 0 || cols <= 0 {
		return nil, fmt.Errorf("data: image of %d pixels is not %d×%d", len(img), rows, cols)
	}
	if b.Crop < 0 || b.Crop > rows || b.Crop > cols {
		return nil, fmt.Errorf("data: crop %d does not fit a %d×%d image", b.Crop, rows, cols)
	}
	g := make([]float64, len(img))
	for k, v := range img {
		g[k] = float64(v)
	}
	var err error
	if b.Deskew {
		if g, err = Deskew(g, rows, cols); err != nil {
			return nil, err
		}
	}
	if b.Crop > 0 {
		if g, err = CentreCrop(g, rows, cols, b.Crop); err != nil {
			return nil, err
		}
	}
	out := make([]float32, len(g))
	for k, v := range g {
		out[k] = -1
		if v > b.Threshold {
			out[k] = 1
		}
	}
	return out, nil
}

// Deskew straightens an image by its moments: with the centre of mass
// (m_r, m_c) and the skew α = cov(r, c)/var(r), output pixel (r, c) takes the
// input at (r + m_r − R/2, c + α(r − R/2) + m_c − C/2), bilinearly
// interpolated (zero outside). The image ends up centred and upright. A
// blank image is returned unchanged. An image that is not rows×cols is an
// error.
func Deskew(img []float64, rows, cols int) ([]float64, error) {
	if err := checkImage(img, rows, cols); err != nil {
		return nil, err
	}
	var tot, mr, mc float64
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			v := img[r*cols+c]
			tot += v
			mr += v * float64(r)
			mc += v * float64(c)
		}
	}
	if tot == 0 {
		return append([]float64(nil), img...), nil
	}
	mr, mc = mr/tot, mc/tot
	var vrr, vrc float64
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			v := img[r*cols+c]
			dr, dc := float64(r)-mr, float64(c)-mc
			vrr += v * dr * dr
			vrc += v * dr * dc
		}
	}
	alpha := 0.0
	if vrr > 0 {
		alpha = vrc / vrr
	}
	cr, cc := float64(rows/2), float64(cols/2)
	out := make([]float64, len(img))
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			y := float64(r) + mr - cr
			x := float64(c) + alpha*(float64(r)-cr) + mc - cc
			out[r*cols+c] = bilinear(img, rows, cols, y, x)
		}
	}
	return out, nil
}

func bilinear(img []float64, rows, cols int, y, x float64) float64 {
	y0, x0 := math.Floor(y), math.Floor(x)
	fy, fx := y-y0, x-x0
	at := func(r, c int) float64 {
		if r < 0 || r >= rows || c < 0 || c >= cols {
			return 0
		}
		return img[r*cols+c]
	}
	r, c := int(y0), int(x0)
	return (1-fy)*((1-fx)*at(r, c)+fx*at(r, c+1)) + fy*((1-fx)*at(r+1, c)+fx*at(r+1, c+1))
}

// CentreCrop keeps the centred size×size square; an image that is not
// rows×cols, or a square that does not fit, is an error.
func CentreCrop(img []float64, rows, cols, size int) ([]float64, error) {
	if err := checkImage(img, rows, cols); err != nil {
		return nil, err
	}
	if size < 1 || size > rows || size > cols {
		return nil, fmt.Errorf("data: a %d×%d crop does not fit a %d×%d image", size, size, rows, cols)
	}
	r0, c0 := (rows-size)/2, (cols-size)/2
	out := make([]float64, 0, size*size)
	for r := r0; r < r0+size; r++ {
		out = append(out, img[r*cols+c0:r*cols+c0+size]...)
	}
	return out, nil
}

// checkImage says whether img holds rows×cols pixels.
func checkImage(img []float64, rows, cols int) error {
	if n, ok := limits.Product(rows, cols); !ok || rows < 1 || cols < 1 || len(img) != n {
		return fmt.Errorf("data: an image of %d pixels is not %d×%d", len(img), rows, cols)
	}
	return nil
}

// MNISTData is a binarised train/test draw from MNIST's 60,000 training
// images, with the class labels and the image size.
type MNISTData struct {
	Train, Test             *plm.Patterns
	TrainLabels, TestLabels []int
	Width, Height           int
}

// Patterns binarises the authors' split: a permutation of the 60,000
// training images seeded by seed; the first p are the training set and the
// next pTest the test set (p + pTest ≤ 60,000).
func (m *MNIST) Patterns(b Binarisation, p, pTest int, seed uint64) (*MNISTData, error) {
	s := m.Train
	if p <= 0 || pTest < 0 || p+pTest > s.Count {
		return nil, fmt.Errorf("data: need 0 < P and P + P_test ≤ %d MNIST images, got P=%d P_test=%d", s.Count, p, pTest)
	}
	perm := rand.New(rand.NewPCG(seed, 0x3a157)).Perm(s.Count)
	w, h := b.Size(s.Rows, s.Cols)
	take := func(idx []int) (*plm.Patterns, []int, error) {
		if len(idx) == 0 {
			return nil, nil, nil
		}
		x := &plm.Patterns{P: len(idx), N: w * h, Data: make([]float32, 0, len(idx)*w*h)}
		labels := make([]int, len(idx))
		for k, i := range idx {
			row, err := b.Pattern(s.Image(i), s.Rows, s.Cols)
			if err != nil {
				return nil, nil, err
			}
			x.Data = append(x.Data, row...)
			labels[k] = int(s.Labels[i])
		}
		return x, labels, nil
	}
	out := &MNISTData{Width: w, Height: h}
	var err error
	if out.Train, out.TrainLabels, err = take(perm[:p]); err != nil {
		return nil, err
	}
	if out.Test, out.TestLabels, err = take(perm[p : p+pTest]); err != nil {
		return nil, err
	}
	return out, nil
}
