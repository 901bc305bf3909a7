package linalg

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/plmlab/plmlab/internal/atomicfile"
	"github.com/plmlab/plmlab/internal/linalg/kernel"
	"github.com/plmlab/plmlab/internal/userfile"
)

// Class is a shape class of Sgemm, by its transposes: the backend is chosen
// per class, since a BLAS can be fast on one and slow on another.
type Class int

const (
	NN Class = iota // C = A B (and Aᵀ Bᵀ)
	NT              // C = A Bᵀ: a PL epoch's forward product H = ξJᵀ
	TN              // C = Aᵀ B: a PL epoch's gradient product G = Sᵀξ
	numClasses
)

func (c Class) String() string { return [...]string{"NN", "NT", "TN"}[c] }

// classOf returns the class of a product with transposes tA, tB.
func classOf(tA, tB bool) Class {
	switch {
	case tB && !tA:
		return NT
	case tA && !tB:
		return TN
	}
	return NN
}

// classShape is the product a class is measured on: the shapes of a PL
// epoch at P = 2000, N = 784 (MNIST's).
var classShape = [numClasses][3]int{NN: {784, 784, 784}, NT: {2000, 784, 784}, TN: {784, 784, 2000}}

// ClassRate is one class's measured rates, and the backend it uses.
type ClassRate struct {
	Class    string  `json:"class"`
	Plmlab   float64 `json:"plmlab_gflops"`
	OpenBLAS float64 `json:"openblas_gflops"`
	Use      string  `json:"use"` // "plmlab" or "openblas"
}

// Choice is the measured choice of backend per class, for one machine and
// build (Key): saved to a file by "plmlab blas" and read at start-up, so
// every run on that machine makes the same choice (a choice measured in
// each run would vary with the noise, and so would the results' last
// bits).
type Choice struct {
	Key      string      `json:"key"`
	Measured time.Time   `json:"measured"`
	Threads  int         `json:"threads"` // GOMAXPROCS of the measurement
	Classes  []ClassRate `json:"classes"`
}

// tieMargin: OpenBLAS must be this much faster to be used. Within it the
// two are tied, and plmlab's kernel is kept: its results are the same bits
// on any AVX2 or AVX-512 machine and thread count.
const tieMargin = 1.03

// decide returns the backend a class uses at these rates.
func decide(plmlab, openblas float64) string {
	if openblas > plmlab*tieMargin {
		return "openblas"
	}
	return "plmlab"
}

// BackendEnv names the environment variable that selects the backend:
// "go" forces pure Go; "openblas" uses OpenBLAS for every product when the
// shared library loads (Debian: libopenblas0, installed by
// scripts/setup.sh); unset, OpenBLAS is used for the classes of products
// where the saved measurement (ChoiceFile) did not find plmlab's kernel
// faster.
const BackendEnv = "PLMLAB_BLAS"

// ChoiceEnv names the environment variable that sets the choice file's
// path ("off": no file, OpenBLAS for every class).
const ChoiceEnv = "PLMLAB_BLAS_CHOICE"

// ChoiceFile returns the path of the choice file: $PLMLAB_BLAS_CHOICE, else
// blas.json in plmlab's folder of the user's configuration directory; ""
// when choices are off or there is no such directory.
func ChoiceFile() string {
	if p := os.Getenv(ChoiceEnv); p != "" {
		if p == "off" {
			return ""
		}
		return p
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "plmlab", "blas.json")
}

// choiceVersion changes when plmlab's kernel or the measurement changes,
// so that older measurements are not trusted.
const choiceVersion = "gemm-3"

// machineKey says what a measurement holds for: this CPU, plmlab's
// micro-kernel and the OpenBLAS kernels. Not the number of threads: one
// machine makes one choice for any allocation, so that with plmlab's
// kernel chosen a run's bits do not depend on how many threads it got.
func machineKey(openblas string) string {
	return strings.Join([]string{choiceVersion, kernel.CPUName(), kernel.Micro(), openblas}, " | ")
}

// maxChoiceFile bounds the bytes read from a choice file.
const maxChoiceFile = 1 << 16

// readChoice reads and checks a choice file against key: it returns which
// classes use plmlab's kernel, or an error saying why the file is not used.
func readChoice(path, key string) ([numClasses]bool, Choice, error) {
	var use [numClasses]bool
	var c Choice
	b, err := userfile.Read(path, maxChoiceFile)
	if err != nil {
		return use, c, err
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return use, c, fmt.Errorf("%s: not a BLAS choice (%v)", path, err)
	}
	if c.Key != key {
		return use, c, fmt.Errorf("%s was measured for %q, not this machine and build (%q)", path, c.Key, key)
	}
	seen := 0
	for _, r := range c.Classes {
		k := -1
		for i := range numClasses {
			if r.Class == i.String() {
				k = int(i)
			}
		}
		if k < 0 || seen&(1<<k) != 0 || (r.Use != "plmlab" && r.Use != "openblas") {
			return use, c, fmt.Errorf("%s: bad class entry %+v", path, r)
		}
		seen |= 1 << k
		use[k] = r.Use == "plmlab"
	}
	if seen != 1<<numClasses-1 {
		return use, c, fmt.Errorf("%s: not every class is measured", path)
	}
	return use, c, nil
}

// SaveChoice writes c to path (atomically, creating its folder).
func SaveChoice(path string, c Choice) error {
	if path == "" {
		return errors.New("no file for the BLAS choice (" + ChoiceEnv + "=off, or no configuration directory)")
	}
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return atomicfile.Write(path, atomicfile.Bytes(append(b, '\n')))
}

// describeChoice is the part of the backend line that says which classes
// use plmlab's kernel.
func describeChoice(use [numClasses]bool, c Choice) string {
	var mine, theirs []string
	for _, r := range c.Classes {
		s := fmt.Sprintf("%s %.0f vs %.0f", r.Class, r.Plmlab, r.OpenBLAS)
		if r.Use == "plmlab" {
			mine = append(mine, s)
		} else {
			theirs = append(theirs, s)
		}
	}
	switch {
	case len(theirs) == 0:
		return "; plmlab's " + kernel.Micro() + " kernel for every product, measured faster (GFLOP/s plmlab vs OpenBLAS: " + strings.Join(mine, ", ") + ")"
	case len(mine) == 0:
		return "; OpenBLAS measured faster for every product (GFLOP/s plmlab vs OpenBLAS: " + strings.Join(theirs, ", ") + ")"
	}
	return "; plmlab's " + kernel.Micro() + " kernel where measured faster (GFLOP/s plmlab vs OpenBLAS: " + strings.Join(mine, ", ") + "), OpenBLAS elsewhere (" + strings.Join(theirs, ", ") + ")"
}

// kernelFor says which classes use plmlab's kernel although OpenBLAS is
// loaded (set at start-up from the choice file).
var kernelFor [numClasses]bool

// openblasName names the OpenBLAS loaded, and its kernels ("" if none:
// then impl32 is not OpenBLAS).
var openblasName string

// applyChoice reads the choice file at start-up and returns the backend
// line's addition.
func applyChoice() string {
	if !kernel.HasSgemm() {
		return ""
	}
	path := ChoiceFile()
	if path == "" {
		return "; " + ChoiceEnv + "=off"
	}
	if _, err := os.Lstat(path); errors.Is(err, os.ErrNotExist) {
		return "; plmlab's kernel not measured against it here (scripts/plmlab blas measures and saves the choice)"
	}
	use, c, err := readChoice(path, machineKey(openblasName))
	if err != nil {
		return "; BLAS choice not used: " + err.Error() + " (scripts/plmlab blas measures it again)"
	}
	kernelFor = use
	choiceApplied = true
	return describeChoice(use, c)
}

// choiceApplied records that a valid choice file was read at start-up.
var choiceApplied bool

// ChoiceApplied reports whether a measured choice for this machine and
// build was read at start-up (false also when there is nothing to choose).
func ChoiceApplied() bool { return choiceApplied }

// MeasureChoice times plmlab's kernel and OpenBLAS on each class's shape,
// alternately, rounds times, keeping each one's best rate, and decides.
// OpenBLAS's threads spin for a while after a call and would slow the next
// Go code down: a pause follows each of its turns.
func MeasureChoice(ctx context.Context, rounds int, progress func(string)) (Choice, error) {
	if rounds < 1 || rounds > 100 {
		return Choice{}, fmt.Errorf("rounds = %d: want 1 to 100", rounds)
	}
	if openblasName == "" {
		return Choice{}, errors.New("OpenBLAS is not loaded (" + Backend + "): there is nothing to choose")
	}
	if !kernel.HasSgemm() {
		return Choice{}, errors.New("this CPU has no AVX2 and FMA: plmlab's kernel does not run here")
	}
	c := Choice{Key: machineKey(openblasName), Measured: time.Now().UTC().Truncate(time.Second), Threads: runtime.GOMAXPROCS(0)}
	for cl := range numClasses {
		m, n, k := classShape[cl][0], classShape[cl][1], classShape[cl][2]
		tA, tB := cl == TN, cl == NT
		lda, ldb := k, n
		if tA {
			lda = m
		}
		if tB {
			ldb = k
		}
		a, b, out := make([]float32, m*k), make([]float32, k*n), make([]float32, m*n)
		for i := range a {
			a[i] = float32(i%13) - 6
		}
		for i := range b {
			b[i] = float32(i%11) - 5
		}
		rate := func(f func()) float64 {
			best := time.Duration(1 << 62)
			for range 3 {
				t0 := time.Now()
				f()
				best = min(best, time.Since(t0))
			}
			return 2 * float64(m) * float64(n) * float64(k) / best.Seconds() / 1e9
		}
		var mine, theirs float64
		for r := range rounds {
			if err := ctx.Err(); err != nil {
				return Choice{}, err
			}
			if progress != nil {
				progress(fmt.Sprintf("%s %d×%d×%d, round %d of %d", cl, m, n, k, r+1, rounds))
			}
			mine = max(mine, rate(func() { kernel.Sgemm(tA, tB, m, n, k, 1, a, lda, b, ldb, 0, out, n) }))
			theirs = max(theirs, rate(func() { impl32.Sgemm(trans(tA), trans(tB), m, n, k, 1, a, lda, b, ldb, 0, out, n) }))
			time.Sleep(150 * time.Millisecond)
		}
		c.Classes = append(c.Classes, ClassRate{Class: cl.String(), Plmlab: round1(mine), OpenBLAS: round1(theirs), Use: decide(mine, theirs)})
	}
	return c, nil
}

func round1(x float64) float64 { return float64(int64(x*10+0.5)) / 10 }
