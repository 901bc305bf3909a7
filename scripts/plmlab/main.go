// Command plmlab runs pseudo-likelihood inference on your own data:
//
//	plmlab dca ALIGNMENT [flags]        Potts couplings of an alignment, as plmc computes them
//	plmlab train PATTERNS [flags]       couplings of ±1 patterns (the paper's training)
//	plmlab basins -couplings J.npy -patterns PATTERNS [flags]
//	plmlab compare SCORES_A SCORES_B [-top K]   two coupling-score files: rank correlation, top-K overlap
//
// dca takes plmc's flags with plmc's meaning (-f, -a, -g, -t, -w,
// --save-weights, -lh, -le, -m, -c, -o) and writes plmc's files, so tools
// that read plmc's output read these; -npy, -figures and -structure add
// NumPy arrays, the contact map and the precision against a structure.
// Progress goes to stderr; Ctrl-C stops cleanly (twice: at once).
//
// Install with go install github.com/plmlab/plmlab/scripts/plmlab@latest,
// or run from the repository with go run ./scripts/plmlab.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/plmlab/plmlab/data"
	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/experiment/dca"
	"github.com/plmlab/plmlab/experiment/userdata"
	"github.com/plmlab/plmlab/internal/interrupt"
	"github.com/plmlab/plmlab/internal/linalg"
	"github.com/plmlab/plmlab/internal/userfile"
	"github.com/plmlab/plmlab/plm"
	"github.com/plmlab/plmlab/plotting"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage: plmlab dca ALIGNMENT [flags]      (plmc's flags; dca -h lists them)
       plmlab train PATTERNS [flags]     (±1 patterns, .npy or text rows)
       plmlab basins -couplings J.npy -patterns PATTERNS [flags]
       plmlab compare SCORES_A SCORES_B [-top K]   (plmc-format score files)
       plmlab blas [-rounds R] [-dry] [-if-needed]   (measure plmlab's GEMM against OpenBLAS, save the choice)`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	ctx, stop := interrupt.Context(context.Background(), stderr)
	defer stop()
	var err error
	switch args[0] {
	case "dca":
		err = dcaCommand(ctx, args[1:], stdout, stderr)
	case "train":
		err = trainCommand(ctx, args[1:], stdout, stderr)
	case "basins":
		err = basinsCommand(ctx, args[1:], stdout, stderr)
	case "compare":
		err = compareCommand(args[1:], stdout, stderr)
	case "blas":
		err = blasCommand(ctx, args[1:], stdout, stderr)
	default:
		fmt.Fprintf(stderr, "plmlab: unknown command %q\n%s\n", args[0], usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 2
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "plmlab: interrupted")
		return 130
	default:
		fmt.Fprintln(stderr, "plmlab:", err)
		return 1
	}
}

// positionals parses flags given anywhere among the arguments and
// returns the other arguments in order.
func positionals(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// parse parses flags given before or after the one positional argument
// (plmc puts the alignment last).
func parse(fs *flag.FlagSet, args []string, what string) (string, error) {
	pos, err := positionals(fs, args)
	if err != nil {
		return "", err
	}
	if what == "" {
		if len(pos) > 0 {
			return "", fmt.Errorf("unexpected argument %q", pos[0])
		}
		return "", nil
	}
	if len(pos) != 1 {
		return "", fmt.Errorf("want one %s, got %d arguments %q", what, len(pos), pos)
	}
	return pos[0], nil
}

func dcaCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := dca.Defaults()
	fs := flag.NewFlagSet("plmlab dca", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Focus, "f", "", "focus sequence: the first whose name starts with this (plmc -f)")
	fs.StringVar(&c.Alphabet, "a", "", "alphabet, gap first (plmc -a; default -ACDEFGHIKLMNPQRSTVWY)")
	fs.BoolVar(&c.IgnoreGap, "g", false, "the gap has no parameters (plmc -g)")
	fs.Float64Var(&c.Theta, "t", c.Theta, "sequence weights: neighbours differ at < θ of the columns (plmc -t)")
	fs.StringVar(&c.Weights, "w", "", "read sequence weights from this file (plmc -w)")
	fs.Float64Var(&c.LambdaH, "lh", c.LambdaH, "L2 penalty λ_h on the fields (plmc -lh)")
	fs.Float64Var(&c.LambdaJ, "le", c.LambdaJ, "L2 penalty λ_J on the couplings (plmc -le)")
	fs.IntVar(&c.MaxIter, "m", 0, "L-BFGS iteration limit, 0: until converged (plmc -m)")
	fs.Float64Var(&c.Tolerance, "tol", c.Tolerance, "stop when ‖∇F‖ ≤ tol·max(1, ‖x‖) (plmc's 1e-3)")
	fs.BoolVar(&c.Asymmetric, "asym", false, "fit J_ij and J_ji separately (plmDCA's asymmetric PL)")
	fs.StringVar(&c.Structure, "structure", "", "contact map (lines i j score distance, in the output's numbering): print precision at L/2, L, 2L")
	fs.Float64Var(&c.Cutoff, "cutoff", c.Cutoff, "contact distance in Å")
	fs.IntVar(&c.MinSep, "minsep", c.MinSep, "smallest |i − j| of a scored pair")
	scores := fs.String("c", "", "write coupling scores (plmc's text file, -c)")
	params := fs.String("o", "", "write the parameters (plmc's binary layout, -o)")
	saveW := fs.String("save-weights", "", "write the sequence weights (plmc's --save-weights)")
	npy := fs.String("npy", "", "write PREFIX_h.npy (L×Q), PREFIX_J.npy (L×L×Q×Q), PREFIX_scores.npy (L×L)")
	figs := fs.String("figures", "", "write the contact map (and precision) figures as JSON, SVG and PNG into this folder")
	ncores := fs.String("n", "", "ignored (threads: GOMAXPROCS); accepted for plmc's command lines")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: plmlab dca ALIGNMENT [flags]   (FASTA, A2M or Stockholm; flags as plmc's)")
		fs.PrintDefaults()
	}
	ali, err := parse(fs, args, "alignment file")
	if err != nil {
		return err
	}
	_ = ncores
	c.Alignment = ali
	if err := c.Validate(); err != nil {
		return err
	}
	// Refuse unusable output paths before the work, not after it.
	for _, p := range []string{*scores, *params, *saveW} {
		if p != "" {
			if err := userfile.CheckTarget(p); err != nil {
				return err
			}
		}
	}
	progress, end := experiment.LineProgress(stderr)
	r, err := dca.Run(ctx, c, progress)
	end()
	if err != nil {
		return err
	}
	f := r.Fit
	fmt.Fprint(stdout, r.Summary())
	if *scores != "" {
		b, err := data.CouplingScoresFile(r.MSA, r.Scores)
		if err != nil {
			return err
		}
		if err := userfile.WriteFile(*scores, b); err != nil {
			return err
		}
	}
	if *params != "" {
		var buf strings.Builder
		if err := data.PlmcParams(&buf, r.MSA, f.Model, data.PlmcRun{MaxIterations: c.MaxIter, Theta: c.Theta,
			LambdaH: c.LambdaH, LambdaJ: c.LambdaJ, Weights: r.Weights, IgnoreGap: c.IgnoreGap}); err != nil {
			return err
		}
		if err := userfile.WriteFile(*params, []byte(buf.String())); err != nil {
			return err
		}
	}
	if *saveW != "" {
		if err := userfile.WriteFile(*saveW, data.WeightsFile(r.MSA, r.Weights)); err != nil {
			return err
		}
	}
	if *npy != "" {
		m := f.Model
		L, Q := m.L, m.Q
		flat := make([]float64, 0, L*L)
		for _, row := range r.Scores {
			flat = append(flat, row...)
		}
		for _, a := range []struct {
			name  string
			shape []int
			v     []float64
		}{{"_h.npy", []int{L, Q}, m.H}, {"_J.npy", []int{L, L, Q, Q}, m.J}, {"_scores.npy", []int{L, L}, flat}} {
			b, err := data.NPYBytes(a.shape, a.v)
			if err != nil {
				return err
			}
			if err := userfile.WriteFile(*npy+a.name, b); err != nil {
				return err
			}
		}
	}
	if *figs != "" {
		paths, err := plotting.SaveFigures(r.Figures(), *figs)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, "figures:", strings.Join(paths, " "))
	}
	return nil
}

func trainCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	t := userdata.DefaultTrain()
	fs := flag.NewFlagSet("plmlab train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&t.Method, "method", t.Method, "descent (the paper's gradient descent from Hebb) or minimum (L-BFGS with a prior)")
	fs.BoolVar(&t.Symmetric, "symmetric", false, "symmetric couplings (descent)")
	fs.Float64Var(&t.Lambda, "lambda", t.Lambda, "inverse temperature λ in the loss")
	fs.BoolVar(&t.FixedNorm, "fixed-norm", false, "rows on the unit sphere with λ explicit; default: λ = 1 and the norm free")
	fs.Float64Var(&t.LR, "lr", t.LR, "learning rate (descent)")
	fs.IntVar(&t.Epochs, "epochs", t.Epochs, "full-batch epochs (descent)")
	fs.Float64Var(&t.Prior, "prior", t.Prior, "L2 prior, penalty (prior/2)·Σ_j J_ij² per row (minimum)")
	out := fs.String("o", "", "couplings as an N×N .npy (default: PATTERNS' name + _J.npy, here)")
	summary := fs.String("summary", "", "also write the summary as JSON to this file")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: plmlab train PATTERNS [flags]   (±1 rows: .npy of shape (P, N) or text)")
		fs.PrintDefaults()
	}
	path, err := parse(fs, args, "pattern file")
	if err != nil {
		return err
	}
	if err := t.Validate(); err != nil {
		return err
	}
	if *out == "" {
		base := filepath.Base(path)
		*out = strings.TrimSuffix(base, filepath.Ext(base)) + "_J.npy"
	}
	if err := userfile.CheckTarget(*out); err != nil {
		return err
	}
	xi, err := data.ReadPatterns(path)
	if err != nil {
		return err
	}
	progress, end := experiment.LineProgress(stderr)
	r, err := userdata.Run(ctx, t, xi, progress)
	end()
	if err != nil {
		return err
	}
	s := r.Summary
	fmt.Fprintf(stdout, "%s: %s\n", path, s)
	v := make([]float64, len(r.J.W))
	for k, w := range r.J.W {
		v[k] = float64(w)
	}
	b, err := data.NPYBytes([]int{r.J.N, r.J.N}, v)
	if err != nil {
		return err
	}
	if err := userfile.WriteFile(*out, b); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "couplings:", *out)
	if *summary != "" {
		j, err := json.MarshalIndent(map[string]any{"config": t, "summary": s}, "", "  ")
		if err != nil {
			return err
		}
		return userfile.WriteFile(*summary, append(j, '\n'))
	}
	return nil
}

func basinsCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("plmlab basins", flag.ContinueOnError)
	fs.SetOutput(stderr)
	jPath := fs.String("couplings", "", "N×N couplings (.npy)")
	pPath := fs.String("patterns", "", "±1 patterns (.npy or text rows)")
	trials := fs.Int("trials", 1, "noisy starts per pattern and initial overlap")
	eps := fs.Float64("eps", 0.05, "basin size: smallest m_in whose runs end at overlap ≥ 1 − eps")
	seed := fs.Uint64("seed", 1, "random seed of the flipped spins")
	out := fs.String("o", "", "also write the basin curve as JSON to this file")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: plmlab basins -couplings J.npy -patterns PATTERNS [flags]")
		fs.PrintDefaults()
	}
	if _, err := parse(fs, args, ""); err != nil {
		return err
	}
	if *jPath == "" || *pPath == "" {
		fs.Usage()
		return errors.New("basins needs -couplings and -patterns")
	}
	if *trials < 1 || *trials > 1000 {
		return fmt.Errorf("-trials %d outside 1…1000", *trials)
	}
	a, err := data.ReadNPY(*jPath)
	if err != nil {
		return err
	}
	if len(a.Shape) != 2 || a.Shape[0] != a.Shape[1] || a.Shape[0] < 2 {
		return fmt.Errorf("couplings %s have shape %v; want (N, N)", *jPath, a.Shape)
	}
	n := a.Shape[0]
	rows := make([][]float64, n)
	for i := range rows {
		rows[i] = a.Data[i*n : (i+1)*n]
	}
	J, err := plm.CouplingsFromRows(rows)
	if err != nil {
		return fmt.Errorf("couplings %s: %w", *jPath, err)
	}
	xi, err := data.ReadPatterns(*pPath)
	if err != nil {
		return err
	}
	if xi.N != n {
		return fmt.Errorf("patterns of N = %d spins for couplings of N = %d", xi.N, n)
	}
	progress, end := experiment.LineProgress(stderr)
	c, size, err := userdata.Basins(ctx, J, xi, *trials, *eps, *seed, progress)
	end()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "m_in\tm_F\tretrieved\tfixed point\n")
	for k := range c.MIn {
		fmt.Fprintf(stdout, "%.2f\t%.4f\t%.3f\t%.3f\n", c.MIn[k], c.MF[k], c.Retrieved[k], c.FixedPoint[k])
	}
	fmt.Fprintf(stdout, "basin size (ε = %g): %.4f  (1 − m_in*: 0 none, 1 everything)\n", *eps, size)
	if *out != "" {
		j, err := json.MarshalIndent(map[string]any{"curve": c, "basin_size": size, "eps": *eps}, "", "  ")
		if err != nil {
			return err
		}
		return userfile.WriteFile(*out, append(j, '\n'))
	}
	return nil
}

func compareCommand(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("plmlab compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	top := fs.Int("top", 0, "size K of the top lists compared (0: the number of positions, L)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: plmlab compare SCORES_A SCORES_B [-top K]   (plmc's i a_i j a_j 0 score files)")
		fs.PrintDefaults()
	}
	files, err := positionals(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 2 {
		return fmt.Errorf("compare needs two score files, got %d", len(files))
	}
	a, err := data.ReadCouplingScores(files[0])
	if err != nil {
		return err
	}
	b, err := data.ReadCouplingScores(files[1])
	if err != nil {
		return err
	}
	c, err := dca.Compare(a, b, *top)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d pairs: Spearman %.5f, top-%d overlap %.4f\n", c.Pairs, c.Spearman, c.TopK, c.TopOverlap)
	return nil
}

// blasCommand measures plmlab's GEMM against OpenBLAS for each class of
// product and saves the choice that later runs on this machine read.
func blasCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("plmlab blas", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rounds := fs.Int("rounds", 3, "alternating rounds of timing per class (the best of each backend counts)")
	dry := fs.Bool("dry", false, "measure and print, do not save")
	ifNeeded := fs.Bool("if-needed", false, "measure only if no valid choice for this machine is saved")
	if _, err := parse(fs, args, ""); err != nil {
		return err
	}
	if *ifNeeded && linalg.ChoiceApplied() {
		fmt.Fprintf(stdout, "matrix products: %s\n", linalg.Backend)
		return nil
	}
	fmt.Fprintf(stdout, "backend now: %s\n", linalg.Backend)
	c, err := linalg.MeasureChoice(ctx, *rounds, func(s string) { fmt.Fprintf(stderr, "\rplmlab blas: %-40s", s) })
	fmt.Fprintf(stderr, "\r%-60s\r", "")
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%-5s %14s %14s  use\n", "class", "plmlab GFLOP/s", "OpenBLAS")
	for _, r := range c.Classes {
		fmt.Fprintf(stdout, "%-5s %14.1f %14.1f  %s\n", r.Class, r.Plmlab, r.OpenBLAS, r.Use)
	}
	if *dry {
		return nil
	}
	path := linalg.ChoiceFile()
	if err := linalg.SaveChoice(path, c); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "saved to %s: later runs on this machine use it\n", path)
	return nil
}
