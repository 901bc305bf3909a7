package plm

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

// Issue 9: every hostile input answers with an error naming it, never a
// panic or a silent wrong answer.
func TestHostileInputs(t *testing.T) {
	xi := randomPatterns(t, 20, 40, 31)
	seqs, _ := NewSequences(4, 3, 3, []uint8{0, 1, 2, 1, 1, 1, 2, 2, 0, 0, 1, 2})
	for _, c := range []struct {
		name string
		run  func() error
		want string
	}{
		{"PL gradient at λ = 1e300", func() error {
			J, _ := Hebb{}.Couplings(bg, xi)
			_, err := PseudoLikelihoodGradient(J, xi, 1e300)
			return err
		}, "λ must be > 0 and at most"},
		{"Potts with an infinite learning rate", func() error {
			_, err := PottsPL{Epochs: 2, LearningRate: math.Inf(1)}.Train(bg, seqs)
			return err
		}, "learning rate"},
		{"Potts with an infinite L2", func() error {
			_, err := PottsPL{Epochs: 2, L2: math.Inf(1)}.Train(bg, seqs)
			return err
		}, "L2"},
		{"Potts state ≥ Q", func() error {
			bad := &Sequences{M: 1, L: 3, Q: 3, S: []uint8{0, 5, 1}}
			_, err := PottsPL{Epochs: 2}.Train(bg, bad)
			return err
		}, "state 5, want < 3"},
		{"Potts dynamics on a state ≥ Q", func() error {
			J, _ := NewPottsCouplings(3, 3)
			_, err := PottsDynamics{}.Run(bg, J, &Sequences{M: 1, L: 3, Q: 3, S: []uint8{0, 9, 1}})
			return err
		}, "state 9"},
		{"unlearning with ε = 1e300", func() error {
			_, err := Unlearning{Steps: 5, Epsilon: 1e300}.Couplings(bg, xi)
			return err
		}, "Inf after 5 steps (the step size is too large)"}, // the sign of the overflow depends on the BLAS backend
		{"Daydreaming with τ = 1e-40", func() error {
			_, err := Daydreaming{Steps: 5, Tau: 1e-40}.Couplings(bg, xi)
			return err
		}, "after 5 steps"},
		{"Daydreaming without patterns", func() error {
			_, err := Daydreaming{Steps: 1}.Couplings(bg, nil)
			return err
		}, "patterns are nil"},
		{"unlearning without patterns", func() error {
			_, err := Unlearning{Steps: 1}.Couplings(bg, nil)
			return err
		}, "patterns are nil"},
		{"replica theory at λ = 1e-300", func() error {
			_, err := SolveReplica(0.5, 1e-300)
			return err
		}, "Hebbian limit"},
		{"a load sweep whose rule is nil", func() error {
			_, err := LoadSweep{N: 20, Alphas: []float64{0.2}, Rule: func(float64) Rule { return nil }}.Run(bg)
			return err
		}, "rule for α = 0.2 is nil"},
		{"a load sweep whose rule returns bad couplings", func() error {
			_, err := LoadSweep{N: 20, Alphas: []float64{0.2}, Rule: func(float64) Rule {
				return RuleFunc(func(context.Context, *Patterns) (*Couplings, error) { return &Couplings{N: 3}, nil })
			}}.Run(bg)
			return err
		}, "the rule's couplings"},
		{"P·N overflowing", func() error {
			_, err := PatternsFromData(1<<32, 1<<32, nil)
			return err
		}, "want P*N"},
		{"couplings of N = 2³² validated", func() error {
			return (&Couplings{N: 1 << 32}).Validate()
		}, "hold 0 values"},
		{"a million spins", func() error {
			_, err := NewCouplings(1000000)
			return err
		}, "would need 3.64 TiB"},
		{"a million random patterns of a million spins", func() error {
			_, err := RandomPatterns(1000000, 1000000, nil)
			return err
		}, "random generator"},
		{"Potts couplings for L = 100000", func() error {
			_, err := NewPottsCouplings(100000, 21)
			return err
		}, "would need 16 TiB"},
	} {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("panic: %v", r)
				}
			}()
			err := c.run()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%v, want an error mentioning %q", err, c.want)
			}
		})
	}
}

func TestPottsTrainingStopsAtNonFinite(t *testing.T) {
	s, _ := NewSequences(6, 4, 3, []uint8{0, 1, 2, 1, 1, 1, 2, 2, 0, 0, 1, 2, 2, 2, 2, 2, 1, 0, 1, 0, 0, 1, 1, 2})
	// Adam's steps are ~ the learning rate: 1e38 overflows float32 couplings.
	_, err := PottsPL{Epochs: 5, LearningRate: 3e38}.Train(bg, s)
	var nf *NonFiniteError
	if !errors.As(err, &nf) {
		t.Errorf("overflowing Adam step: %v", err)
	}
}

// Cancellation is honoured inside one long asynchronous relaxation batch
// and inside Basins: a run cancelled after 50 ms ends in a fraction of the
// time the same work takes uncancelled, measured here under the same load
// (the context used to be checked only between batches, so a cancelled run
// took as long as a whole batch).
func TestCancellationIsPrompt(t *testing.T) {
	cases := []struct {
		name string
		p, n int
		seed uint64
		run  func(ctx context.Context, J *Couplings, xi *Patterns) error
	}{
		{name: "asynchronous dynamics", p: 1000, n: 2000, seed: 34,
			run: func(ctx context.Context, J *Couplings, xi *Patterns) error {
				_, err := Dynamics{Mode: Asynchronous}.Run(ctx, J, randomPatterns(t, 1024, xi.N, 33))
				return err
			}},
		{name: "basins", p: 300, n: 600, seed: 32, // α = 0.5: slow asynchronous relaxations
			run: func(ctx context.Context, J *Couplings, xi *Patterns) error {
				_, err := Basins(ctx, J, xi, BasinSettings{Trials: 2, Dynamics: Dynamics{Mode: Asynchronous}})
				return err
			}},
	}
	for _, c := range cases {
		xi := randomPatterns(t, c.p, c.n, c.seed)
		J, _ := Hebb{}.Couplings(bg, xi)
		// The reference: the same work uncancelled (four batches of
		// relaxations for the dynamics).
		t0 := time.Now()
		if err := c.run(bg, J, xi); err != nil {
			t.Fatal(err)
		}
		batch := time.Since(t0)
		ctx, cancel := context.WithTimeout(bg, 50*time.Millisecond)
		t0 = time.Now()
		err := c.run(ctx, J, xi)
		el := time.Since(t0)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: %v, want the deadline", c.name, err)
		}
		if el > batch/4 {
			t.Errorf("%s: cancelled after 50 ms, returned after %v; uncancelled it takes %v", c.name, el, batch)
		}
	}
}

// Exported helpers called wrongly (nil values, slices of other lengths,
// extreme arguments) return an error or their documented value; none
// panics, and SolveAGS never returns a NaN with a nil error.
func TestExportedHelpersDoNotPanic(t *testing.T) {
	for name, f := range map[string]func() error{
		"IndependentBiases nil": func() error {
			if IndependentBiases(nil) != nil {
				return errors.New("biases of nil patterns")
			}
			return nil
		},
		"OneHot nil": func() error {
			if OneHot(nil) != nil {
				return errors.New("one-hot of nil sequences")
			}
			return nil
		},
		"PairedOverlaps nil": func() error {
			if _, err := PairedOverlaps(nil, nil); err == nil {
				return errors.New("no error")
			}
			return nil
		},
		"ReconstructionError nil": func() error {
			if _, err := ReconstructionError(nil, nil); err == nil {
				return errors.New("no error")
			}
			return nil
		},
		"VectorOverlap lengths": func() error {
			if v := VectorOverlap(make([]float32, 2), make([]float32, 1), 2); !math.IsNaN(v) {
				return fmt.Errorf("overlap %v of slices of different lengths", v)
			}
			return nil
		},
		"SolveAGS extremes": func() error {
			for _, at := range [][2]float64{{1e300, 1e-300}, {1e-300, 1e300}, {1e300, 1e300}, {1e-300, 1e-300}} {
				st, err := SolveAGS(at[0], at[1], true)
				if err == nil && (math.IsNaN(st.M) || math.IsNaN(st.Q) || math.IsNaN(st.R) || math.IsNaN(st.F)) {
					return fmt.Errorf("α = %v, T = %v: %+v with no error", at[0], at[1], st)
				}
			}
			return nil
		},
	} {
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("%s: panic %v", name, p)
				}
			}()
			if err := f(); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}()
	}
}
