package data

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func idxBytes(dims []uint32, data []byte) []byte {
	var b bytes.Buffer
	b.Write([]byte{0, 0, 8, byte(len(dims))})
	for _, d := range dims {
		binary.Write(&b, binary.BigEndian, d)
	}
	b.Write(data)
	return b.Bytes()
}

func TestParseIDXErrors(t *testing.T) {
	good := idxBytes([]uint32{2, 3}, []byte{1, 2, 3, 4, 5, 6})
	x, err := ParseIDX(bytes.NewReader(good))
	if err != nil || len(x.Dims) != 2 || x.Dims[1] != 3 || x.Data[5] != 6 {
		t.Fatalf("good file: %+v %v", x, err)
	}
	for _, c := range []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "header"},
		{"bad magic", append([]byte{1, 0}, good[2:]...), "bad magic"},
		{"float type", append([]byte{0, 0, 0x0d}, good[3:]...), "not unsigned bytes"},
		{"no dims", []byte{0, 0, 8, 0}, "0 dimensions"},
		{"zero dim", idxBytes([]uint32{0}, nil), "zero"},
		{"short header", good[:6], "dimension 0"},
		{"truncated", good[:len(good)-2], "truncated data: 4 of 6"},
		{"trailing", append(append([]byte{}, good...), 9), "trailing"},
		{"huge", idxBytes([]uint32{1 << 20, 1 << 20}, nil), "announce more than"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseIDX(bytes.NewReader(c.in))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want %q", err, c.want)
			}
		})
	}
}

func FuzzParseIDX(f *testing.F) {
	f.Add(idxBytes([]uint32{2, 3}, []byte{1, 2, 3, 4, 5, 6}))
	f.Add(idxBytes([]uint32{1, 1, 1}, []byte{7}))
	f.Add([]byte{0, 0, 8, 1, 0, 0, 0, 2, 1})
	f.Fuzz(func(t *testing.T, in []byte) {
		x, err := ParseIDX(bytes.NewReader(in))
		if err != nil {
			return
		}
		size := 1
		for _, d := range x.Dims {
			size *= d
		}
		if size != len(x.Data) || len(in) != 4+4*len(x.Dims)+size {
			t.Fatalf("accepted %d bytes as dims %v with %d data bytes", len(in), x.Dims, len(x.Data))
		}
	})
}

func writeMNIST(t *testing.T, dir string, n int, mutate func(name string, b []byte) []byte) {
	t.Helper()
	pix := make([]byte, n*4*4)
	lab := make([]byte, n)
	for k := range lab {
		lab[k] = byte(k % 10)
	}
	files := map[string][]byte{
		"train-images-idx3-ubyte": idxBytes([]uint32{uint32(n), 4, 4}, pix),
		"train-labels-idx1-ubyte": idxBytes([]uint32{uint32(n)}, lab),
		"t10k-images-idx3-ubyte":  idxBytes([]uint32{uint32(n), 4, 4}, pix),
		"t10k-labels-idx1-ubyte":  idxBytes([]uint32{uint32(n)}, lab),
	}
	for name, b := range files {
		if mutate != nil {
			b = mutate(name, b)
		}
		if b == nil {
			continue
		}
		var z bytes.Buffer
		w := gzip.NewWriter(&z)
		w.Write(b)
		w.Close()
		os.WriteFile(filepath.Join(dir, name+".gz"), z.Bytes(), 0o644)
	}
}

func TestLoadMNISTErrors(t *testing.T) {
	dir := t.TempDir()
	writeMNIST(t, dir, 5, nil)
	m, err := LoadMNIST(dir)
	if err != nil || m.Train.Count != 5 || m.Test.Rows != 4 {
		t.Fatalf("small MNIST: %+v %v", m, err)
	}
	for _, c := range []struct {
		name   string
		mutate func(string, []byte) []byte
		want   string
	}{
		{"missing", func(n string, b []byte) []byte {
			if strings.HasPrefix(n, "t10k-labels") {
				return nil
			}
			return b
		}, "t10k-labels-idx1-ubyte(.gz) missing"},
		{"corrupt magic", func(n string, b []byte) []byte {
			if strings.HasPrefix(n, "train-images") {
				b[0] = 7
			}
			return b
		}, "bad magic"},
		{"truncated", func(n string, b []byte) []byte {
			if strings.HasPrefix(n, "train-images") {
				return b[:len(b)-10]
			}
			return b
		}, "truncated"},
		{"bad label", func(n string, b []byte) []byte {
			if strings.HasPrefix(n, "train-labels") {
				b[len(b)-1] = 12
			}
			return b
		}, "label 4 is 12"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := t.TempDir()
			writeMNIST(t, d, 5, c.mutate)
			if _, err := LoadMNIST(d); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want %q", err, c.want)
			}
		})
	}
	t.Setenv("PLMLAB_MNIST", dir)
	if d, _ := FindMNIST(); d != dir {
		t.Errorf("PLMLAB_MNIST ignored: %s", d)
	}
}

// A stroke sheared by 0.5 px per row comes back upright and centred.
func TestDeskewStraightensAShearedStroke(t *testing.T) {
	const rows, cols = 28, 28
	img := make([]float64, rows*cols)
	for r := 6; r <= 22; r++ {
		c := 12 + 0.5*float64(r-14) // slanted, off-centre
		img[r*cols+int(math.Round(c))] = 255
		img[r*cols+int(math.Round(c))+1] = 255
	}
	colCentres := func(im []float64) (spread, mean float64) {
		var cs []float64
		for r := 0; r < rows; r++ {
			var w, s float64
			for c := 0; c < cols; c++ {
				w += im[r*cols+c]
				s += im[r*cols+c] * float64(c)
			}
			if w > 100 {
				cs = append(cs, s/w)
			}
		}
		lo, hi := cs[0], cs[0]
		for _, v := range cs {
			lo, hi, mean = math.Min(lo, v), math.Max(hi, v), mean+v/float64(len(cs))
		}
		return hi - lo, mean
	}
	before, _ := colCentres(img)
	straight, err := Deskew(img, rows, cols)
	if err != nil {
		t.Fatal(err)
	}
	after, centre := colCentres(straight)
	if before < 7 || after > 1 {
		t.Errorf("column spread of the stroke: %.2f before, %.2f after deskew", before, after)
	}
	if math.Abs(centre-14.5) > 0.6 {
		t.Errorf("deskewed stroke centred at column %.2f, want ≈ 14.5", centre)
	}
	blank := make([]float64, rows*cols)
	if out, _ := Deskew(blank, rows, cols); out[0] != 0 {
		t.Error("blank image changed")
	}
	// Images of the wrong size and crops that do not fit are errors.
	for _, c := range []struct {
		name string
		err  error
	}{
		{"deskew short", second(Deskew(make([]float64, 3), rows, cols))},
		{"deskew negative", second(Deskew(nil, -1, 2))},
		{"crop short", second(CentreCrop(make([]float64, 3), rows, cols, 14))},
		{"crop too big", second(CentreCrop(make([]float64, 16), 4, 4, 14))},
		{"crop negative", second(CentreCrop(make([]float64, 16), 4, 4, -2))},
	} {
		if c.err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}

func second[T any](_ T, err error) error { return err }

func TestCropAndThreshold(t *testing.T) {
	img := make([]byte, 28*28)
	img[7*28+7] = 87   // top-left of the crop, above threshold
	img[20*28+20] = 86 // bottom-right of the crop, at threshold: −1
	img[0] = 255       // outside the crop
	b := Binarisation{Crop: 14, Threshold: 86}
	p, err := b.Pattern(img, 28, 28)
	if err != nil || len(p) != 196 {
		t.Fatal(len(p), err)
	}
	if p[0] != 1 || p[195] != -1 {
		t.Errorf("crop corners %v %v", p[0], p[195])
	}
	n := 0
	for _, v := range p {
		if v == 1 {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d pixels on, want 1", n)
	}
	if _, err := (Binarisation{Crop: 30}).Pattern(img, 28, 28); err == nil {
		t.Error("crop larger than the image accepted")
	}
	if w, h := PaperBinarisation.Size(28, 28); w*h != 196 {
		t.Errorf("paper size %d×%d", w, h)
	}
}

// The real MNIST from the Go module: sizes, labels and the paper's split.
func TestRealMNIST(t *testing.T) {
	if testing.Short() {
		t.Skip("reads MNIST")
	}
	m, err := LoadMNIST("")
	if err != nil {
		t.Skipf("MNIST not available: %v", err)
	}
	if m.Train.Count != 60000 || m.Test.Count != 10000 || m.Train.Rows != 28 {
		t.Fatalf("MNIST sizes %d %d %d", m.Train.Count, m.Test.Count, m.Train.Rows)
	}
	d, err := m.Patterns(PaperBinarisation, 100, 50, 1)
	if err != nil {
		t.Fatal(err)
	}
	if d.Train.N != 196 || d.Test.P != 50 || len(d.TrainLabels) != 100 {
		t.Fatalf("split %d %d %d", d.Train.N, d.Test.P, len(d.TrainLabels))
	}
	// Digits are mostly background: magnetisation well below 0.
	var mag float64
	for _, v := range d.Train.Data {
		mag += float64(v)
	}
	mag /= float64(len(d.Train.Data))
	if mag > 0 || mag < -0.6 { // a centre crop of digits: ≈ 40% of the pixels on
		t.Errorf("magnetisation of binarised digits %v", mag)
	}
	if _, err := m.Patterns(PaperBinarisation, 59000, 2000, 1); err == nil {
		t.Error("split larger than 60,000 accepted")
	}
}
