package plm

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// ContactScores score every pair of sites as the field does (plmc,
// plmDCA): the coupling block, symmetrised, (J_ij(a,b) + J_ji(b,a))/2, is
// put in the zero-sum gauge (its row and column means over all q states
// removed, which moves what a field could carry out of the couplings), its
// Frobenius norm is taken over the states other than gap (gap < 0: all),
// and the average-product correction (APC) is subtracted. High scores are
// predicted contacts. The result is L×L, symmetric, zero on the diagonal.
// Malformed couplings, or a gap state outside [0, q) other than −1, are an
// error.
func ContactScores(J *PottsCouplings, gap int) ([][]float64, error) {
	if err := J.valid(); err != nil {
		return nil, err
	}
	L, q := J.L, J.Q
	if err := checkGap(gap, q); err != nil {
		return nil, err
	}
	return apc(L, func(i, j int, blk []float64) {
		for a := 0; a < q; a++ {
			for b := 0; b < q; b++ {
				blk[a*q+b] = (J.At(i, a, j, b) + J.At(j, b, i, a)) / 2
			}
		}
	}, q, gap), nil
}

// checkGap accepts a state of [0, q), or a negative value for none.
func checkGap(gap, q int) error {
	if gap >= q {
		return fmt.Errorf("plm: gap state %d outside the %d states (use −1 for none)", gap, q)
	}
	return nil
}

// CorrelationScores is the plain correlation baseline of contact
// prediction: the same zero-sum Frobenius norm and APC, of the connected
// correlations C_ij(a,b) = f_ij(a,b) − f_i(a) f_j(b) of the sequences
// (weighted by weights, if not nil) instead of couplings.
func CorrelationScores(s *Sequences, weights []float64, gap int) ([][]float64, error) {
	if s == nil || s.M == 0 {
		return nil, errors.New("plm: no sequences to correlate")
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	w := weights
	if w == nil {
		w = make([]float64, s.M)
		for k := range w {
			w[k] = 1
		}
	}
	if len(w) != s.M {
		return nil, fmt.Errorf("plm: %d weights for %d sequences", len(w), s.M)
	}
	var tot float64
	for k, v := range w {
		if !(v >= 0) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("plm: weight %d is %v, not a finite number ≥ 0", k, v)
		}
		tot += v
	}
	if !(tot > 0) {
		return nil, errors.New("plm: the weights sum to zero")
	}
	L, q := s.L, s.Q
	if err := checkGap(gap, q); err != nil {
		return nil, err
	}
	fi := make([]float64, L*q)
	for m := 0; m < s.M; m++ {
		for i, a := range s.Row(m) {
			fi[i*q+int(a)] += w[m] / tot
		}
	}
	return apc(L, func(i, j int, blk []float64) {
		clear(blk)
		for m := 0; m < s.M; m++ {
			row := s.Row(m)
			blk[int(row[i])*q+int(row[j])] += w[m] / tot
		}
		for a := 0; a < q; a++ {
			for b := 0; b < q; b++ {
				blk[a*q+b] -= fi[i*q+a] * fi[j*q+b]
			}
		}
	}, q, gap), nil
}

// apc fills the q×q block of every pair i < j with block, takes the
// zero-sum-gauge Frobenius norm over the states other than gap, and
// returns the norms less their average product correction
// F_ij − F_i· F_·j / F_··.
func apc(L int, block func(i, j int, blk []float64), q, gap int) [][]float64 {
	f := make([][]float64, L)
	for i := range f {
		f[i] = make([]float64, L)
	}
	blk := make([]float64, q*q)
	rowMean, colMean := make([]float64, q), make([]float64, q)
	for i := 0; i < L; i++ {
		for j := i + 1; j < L; j++ {
			block(i, j, blk)
			clear(rowMean)
			clear(colMean)
			var all float64
			for a := 0; a < q; a++ {
				for b := 0; b < q; b++ {
					v := blk[a*q+b]
					rowMean[a] += v / float64(q)
					colMean[b] += v / float64(q)
					all += v / float64(q*q)
				}
			}
			var s float64
			for a := 0; a < q; a++ {
				for b := 0; b < q; b++ {
					if a == gap || b == gap {
						continue
					}
					v := blk[a*q+b] - rowMean[a] - colMean[b] + all
					s += v * v
				}
			}
			f[i][j], f[j][i] = math.Sqrt(s), math.Sqrt(s)
		}
	}
	row := make([]float64, L)
	var all float64
	for i := range f {
		for j := range f {
			row[i] += f[i][j] / float64(L-1)
		}
		all += row[i] / float64(L)
	}
	out := make([][]float64, L)
	for i := range out {
		out[i] = make([]float64, L)
		for j := range out {
			if i != j && all > 0 {
				out[i][j] = f[i][j] - row[i]*row[j]/all
			}
		}
	}
	return out
}

// ScoredPair is a pair of sites i < j and its score.
type ScoredPair struct {
	I, J  int
	Score float64
}

// TopPairs returns the pairs with j − i ≥ minSep, strongest first (ties
// in the order of i, then j). A minSep below 1 counts as 1 (every pair
// i < j); scores that are not a square matrix are an error.
func TopPairs(scores [][]float64, minSep int) ([]ScoredPair, error) {
	for i, row := range scores {
		if len(row) != len(scores) {
			return nil, fmt.Errorf("plm: scores are not square: row %d has %d values for %d rows", i, len(row), len(scores))
		}
	}
	minSep = max(minSep, 1)
	var ps []ScoredPair
	for i := range scores {
		for j := i + minSep; j < len(scores); j++ {
			ps = append(ps, ScoredPair{i, j, scores[i][j]})
		}
	}
	sort.SliceStable(ps, func(a, b int) bool { return ps[a].Score > ps[b].Score })
	return ps, nil
}

// ContactPrecision is the precision of the top k pairs (j − i ≥ minSep),
// for k = 1 … kMax: the fraction of them that are contacts. It is shorter
// than kMax when fewer pairs are that far apart. A negative kMax, a nil
// contact function or malformed scores are an error.
func ContactPrecision(scores [][]float64, contact func(i, j int) bool, minSep, kMax int) ([]float64, error) {
	if kMax < 0 || contact == nil {
		return nil, fmt.Errorf("plm: contact precision needs kMax ≥ 0 and a contact function, got %d", kMax)
	}
	ps, err := TopPairs(scores, minSep)
	if err != nil {
		return nil, err
	}
	out := make([]float64, 0, min(kMax, len(ps)))
	hits := 0
	for k, p := range ps[:min(kMax, len(ps))] {
		if contact(p.I, p.J) {
			hits++
		}
		out = append(out, float64(hits)/float64(k+1))
	}
	return out, nil
}
