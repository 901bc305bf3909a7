package plm

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// The zero-sum gauge makes the scores blind to what a field could carry:
// adding u_i(a) to every J_ij(a, ·) changes no score.
func TestContactScoresAreGaugeInvariant(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	L, q := 6, 4
	J, _ := NewPottsCouplings(L, q)
	for i := 0; i < L; i++ {
		for j := 0; j < L; j++ {
			for a := 0; a < q; a++ {
				for b := 0; b < q; b++ {
					if i != j {
						J.Set(i, a, j, b, r.NormFloat64())
					}
				}
			}
		}
	}
	before, _ := ContactScores(J, 0)
	for i := 0; i < L; i++ {
		for a := 0; a < q; a++ {
			u := r.NormFloat64()
			for j := 0; j < L; j++ {
				for b := 0; b < q && i != j; b++ {
					J.Set(i, a, j, b, J.At(i, a, j, b)+u)
				}
			}
		}
	}
	after, _ := ContactScores(J, 0)
	for i := range before {
		for j := range before {
			if math.Abs(before[i][j]-after[i][j]) > 1e-4 {
				t.Fatalf("score (%d, %d): %v before the field-like shift, %v after", i, j, before[i][j], after[i][j])
			}
		}
	}
}

// Two columns that copy each other are the top pair of the correlation
// scores; weights and sizes are checked.
func TestCorrelationScoresFindACopiedColumn(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	m, L, q := 400, 12, 5
	seq := make([]uint8, m*L)
	for k := range seq {
		seq[k] = uint8(r.IntN(q))
	}
	for s := 0; s < m; s++ {
		seq[s*L+9] = seq[s*L+2]
	}
	S, err := NewSequences(m, L, q, seq)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := CorrelationScores(S, nil, -1)
	if err != nil {
		t.Fatal(err)
	}
	if top, err := TopPairs(sc, 1); err != nil || top[0].I != 2 || top[0].J != 9 {
		t.Errorf("top pair %+v (%v), want (2, 9)", top, err)
	}
	for _, w := range [][]float64{make([]float64, m), {1, 2}, append(make([]float64, m-1), math.NaN())} {
		if _, err := CorrelationScores(S, w, -1); err == nil {
			t.Errorf("weights of length %d: no error", len(w))
		}
	}
}

// Precision of the top k by hand: pairs ranked (0,3) ✓, (1,4) ✗, (0,5) ✓;
// (0,1) is too close.
func TestContactPrecision(t *testing.T) {
	sc := make([][]float64, 6)
	for i := range sc {
		sc[i] = make([]float64, 6)
	}
	set := func(i, j int, v float64) { sc[i][j], sc[j][i] = v, v }
	set(0, 1, 10)
	set(0, 3, 5)
	set(1, 4, 4)
	set(0, 5, 3)
	contact := func(i, j int) bool { return (i == 0 && j == 3) || (i == 0 && j == 5) || (i == 0 && j == 1) }
	got, _ := ContactPrecision(sc, contact, 2, 3)
	want := []float64{1, 0.5, 2.0 / 3}
	for k := range want {
		if math.Abs(got[k]-want[k]) > 1e-12 {
			t.Errorf("precision at k = %d: %v, want %v", k+1, got[k], want[k])
		}
	}
	if p, _ := ContactPrecision(sc, contact, 5, 100); len(p) != 1 {
		t.Errorf("one pair at |i − j| ≥ 5, %d precisions", len(p))
	}
}

// The exported contact helpers return errors for wrong calls instead of
// panicking; a separation below 1 counts as 1.
func TestContactHelpersRefuseBadCalls(t *testing.T) {
	sq := [][]float64{{0, 1, 2}, {1, 0, 3}, {2, 3, 0}}
	ragged := [][]float64{{0, 1, 2}, {1, 0}, {2, 3, 0}}
	yes := func(i, j int) bool { return true }
	J, _ := NewPottsCouplings(3, 2)
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"TopPairs ragged", second(TopPairs(ragged, 1)), "not square"},
		{"ContactPrecision kMax < 0", second(ContactPrecision(sq, yes, 1, -1)), "kMax ≥ 0"},
		{"ContactPrecision nil contact", second(ContactPrecision(sq, nil, 1, 3)), "contact function"},
		{"ContactPrecision ragged", second(ContactPrecision(ragged, yes, 1, 3)), "not square"},
		{"ContactScores nil", second(ContactScores(nil, 0)), "nil Potts couplings"},
		{"ContactScores gap ≥ q", second(ContactScores(J, 2)), "gap state 2"},
		{"ContactScores short", second(ContactScores(&PottsCouplings{L: 3, Q: 2, WT: make([]float32, 5)}, 0)), "hold 5 values"},
	} {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: %v, want an error saying %q", c.name, c.err, c.want)
		}
	}
	for _, sep := range []int{-5, 0, 1} {
		if ps, err := TopPairs(sq, sep); err != nil || len(ps) != 3 || ps[0].I != 1 || ps[0].J != 2 {
			t.Errorf("TopPairs(minSep %d) = %v, %v; want the 3 pairs i < j, (1, 2) first", sep, ps, err)
		}
	}
}

func second[T any](_ T, err error) error { return err }
