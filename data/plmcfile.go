package data

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/plmlab/plmlab/internal/userfile"
	"github.com/plmlab/plmlab/plm"
)

// ReadWeightsFile reads plmc's weights file (-w, --save-weights): one
// weight per line for every sequence of the file, those set aside
// included (their weights are ignored). It returns the weights of the
// kept sequences.
func ReadWeightsFile(path string, a *MSA) ([]float64, error) {
	b, err := userfile.Read(path, MaxInputBytes)
	if err != nil {
		return nil, fmt.Errorf("data: weights: %w", err)
	}
	var all []float64
	sc := bufio.NewScanner(bytes.NewReader(b))
	line := 0
	for sc.Scan() {
		line++
		t := strings.TrimSpace(sc.Text())
		if t == "" {
			continue
		}
		v, err := strconv.ParseFloat(t, 64)
		if err != nil || !(v >= 0) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("data: weights %s, line %d: %q is not a finite weight ≥ 0", path, line, t)
		}
		if len(all) == a.Total {
			return nil, fmt.Errorf("data: weights %s has more than the alignment's %d sequences", path, a.Total)
		}
		all = append(all, v)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("data: weights %s, line %d: %w", path, line+1, err)
	}
	if len(all) != a.Total {
		return nil, fmt.Errorf("data: weights %s has %d weights, the alignment %d sequences", path, len(all), a.Total)
	}
	w := make([]float64, 0, a.Seqs.M)
	sk := 0
	for k, v := range all {
		if sk < len(a.Skipped) && a.Skipped[sk] == k {
			sk++
			continue
		}
		w = append(w, v)
	}
	if Meff(w) == 0 {
		return nil, fmt.Errorf("data: weights %s: the kept sequences' weights sum to 0", path)
	}
	return w, nil
}

// WeightsFile is plmc's weights file for the kept sequences' weights w:
// one line per sequence of the file, 0.0 for those set aside.
func WeightsFile(a *MSA, w []float64) []byte {
	var b bytes.Buffer
	sk, r := 0, 0
	for k := range a.Total {
		if sk < len(a.Skipped) && a.Skipped[sk] == k {
			b.WriteString("0.0\n")
			sk++
			continue
		}
		fmt.Fprintf(&b, "%.16e\n", w[r])
		r++
	}
	return b.Bytes()
}

// focusLetter is the letter plmc prints for column i: the focus's, or
// '-' without a focus.
func (a *MSA) focusLetter(i int) byte {
	if a.Focus < 0 {
		return '-'
	}
	return a.Alphabet[a.Seqs.Row(a.Focus)[i]]
}

// CouplingScoresFile is plmc's coupling-score file (-c): one line
// "i a_i j a_j 0 score" per pair i < j, numbered as the alignment's
// columns, with the focus's letters (or "-" without a focus).
func CouplingScoresFile(a *MSA, scores [][]float64) ([]byte, error) {
	L := a.Seqs.L
	if len(scores) != L {
		return nil, fmt.Errorf("data: %d rows of scores for %d columns", len(scores), L)
	}
	var b bytes.Buffer
	b.Grow(L * L * 12)
	for i := range L {
		for j := i + 1; j < L; j++ {
			if a.Focus >= 0 {
				fmt.Fprintf(&b, "%d %c %d %c 0 %f\n", a.Offsets[i], a.focusLetter(i), a.Offsets[j], a.focusLetter(j), scores[i][j])
			} else {
				fmt.Fprintf(&b, "%d - %d - 0 %f\n", i+1, j+1, scores[i][j])
			}
		}
	}
	return b.Bytes(), nil
}

// ScoreLine is one line of a coupling-score file.
type ScoreLine struct {
	I, J   int
	AI, AJ byte
	Score  float64
}

// ReadCouplingScores reads a plmc coupling-score file.
func ReadCouplingScores(path string) ([]ScoreLine, error) {
	b, err := userfile.Read(path, MaxInputBytes)
	if err != nil {
		return nil, fmt.Errorf("data: scores: %w", err)
	}
	var out []ScoreLine
	sc := bufio.NewScanner(bytes.NewReader(b))
	line := 0
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		if len(f) != 6 || len(f[1]) != 1 || len(f[3]) != 1 {
			return nil, fmt.Errorf("data: scores %s, line %d: want \"i a_i j a_j 0 score\", got %q", path, line, sc.Text())
		}
		i, e1 := strconv.Atoi(f[0])
		j, e2 := strconv.Atoi(f[2])
		s, e3 := strconv.ParseFloat(f[5], 64)
		if e1 != nil || e2 != nil || e3 != nil || math.IsNaN(s) || math.IsInf(s, 0) {
			return nil, fmt.Errorf("data: scores %s, line %d: bad number in %q", path, line, sc.Text())
		}
		out = append(out, ScoreLine{I: i, J: j, AI: f[1][0], AJ: f[3][0], Score: s})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("data: scores %s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("data: scores %s holds no scores", path)
	}
	return out, nil
}

// PlmcRun is what plmc records about a run in its parameter file.
type PlmcRun struct {
	MaxIterations           int
	Theta, LambdaH, LambdaJ float64
	LambdaGroup             float64
	Scale                   float64 // weights' scale (plmc's -s; 1)
	Weights                 []float64
	IgnoreGap               bool
}

// PlmcParams writes the model in plmc's binary parameter layout (-o),
// which EVcouplings' readers take: int32 L, Q, sequences kept and set
// aside, iterations; float32 θ, λ_h, λ_J, λ_group, N_eff; the alphabet
// (without the gap under -g); per sequence of the file its neighbour
// count 1/w (0 if set aside); the focus letters; the column numbers
// (int32); f_i(a), h_i(a), then for i < j the pair frequencies f_ij(a, b)
// and couplings J_ij(a, b), all float32, little-endian.
func PlmcParams(w io.Writer, a *MSA, m *plm.PottsModel, run PlmcRun) error {
	if err := m.Validate(); err != nil {
		return err
	}
	s := a.Seqs
	if m.L != s.L || m.Q != s.Q {
		return fmt.Errorf("data: model of L=%d, Q=%d for an alignment of L=%d, Q=%d", m.L, m.Q, s.L, s.Q)
	}
	if len(run.Weights) != s.M {
		return fmt.Errorf("data: %d weights for %d sequences", len(run.Weights), s.M)
	}
	if run.Scale == 0 {
		run.Scale = 1
	}
	st := m.States()
	if !run.IgnoreGap {
		st = make([]int, s.Q)
		for k := range st {
			st[k] = k
		}
	}
	q := len(st)
	fi, fij := plmcMarginals(s, run.Weights, run.IgnoreGap)
	bw := bufio.NewWriterSize(w, 1<<20)
	put := func(v any) { _ = binary.Write(bw, binary.LittleEndian, v) }
	put(int32(s.L))
	put(int32(q))
	put(int32(s.M))
	put(int32(len(a.Skipped)))
	put(int32(run.MaxIterations))
	meff := Meff(run.Weights)
	for _, v := range []float64{run.Theta, run.LambdaH, run.LambdaJ, run.LambdaGroup, meff} {
		put(float32(v))
	}
	for _, k := range st {
		put(a.Alphabet[k])
	}
	sk, r := 0, 0
	for k := range a.Total {
		if sk < len(a.Skipped) && a.Skipped[sk] == k {
			put(float32(0))
			sk++
			continue
		}
		put(float32(1 / (run.Weights[r] * run.Scale)))
		r++
	}
	for i := range s.L {
		c := a.Alphabet[0]
		if a.Focus >= 0 {
			c = a.focusLetter(i)
		}
		put(c)
	}
	for _, o := range a.Offsets {
		put(int32(o))
	}
	f32 := make([]float32, 0, s.L*q)
	for i := range s.L {
		for k := range st {
			f32 = append(f32, float32(fi[i*q+k]))
		}
	}
	put(f32)
	f32 = f32[:0]
	for i := range s.L {
		for _, a := range st {
			f32 = append(f32, float32(m.Field(i, a)))
		}
	}
	put(f32)
	put(fij)
	blk := make([]float32, q*q)
	for i := range s.L {
		for j := i + 1; j < s.L; j++ {
			for ka, x := range st {
				for kb, y := range st {
					blk[ka*q+kb] = float32((m.Coupling(i, x, j, y) + m.Coupling(j, y, i, x)) / 2)
				}
			}
			put(blk)
		}
	}
	return bw.Flush()
}

// plmcMarginals are plmc's frequencies: with the gap ignored, of the
// non-gap states among the sequences without a gap there (flat for an
// all-gap column or pair); otherwise weighted frequencies of all states.
// fi is L×q; fij holds the q×q block of every pair i < j in order.
func plmcMarginals(s *plm.Sequences, w []float64, ignoreGap bool) (fi []float64, fij []float32) {
	L, Q := s.L, s.Q
	lo := 0
	if ignoreGap {
		lo = 1
	}
	q := Q - lo
	fi = make([]float64, L*q)
	for m := range s.M {
		for i, x := range s.Row(m) {
			if int(x) >= lo {
				fi[i*q+int(x)-lo] += w[m]
			}
		}
	}
	normalise := func(v []float64) {
		t := 0.0
		for _, x := range v {
			t += x
		}
		for k := range v {
			if t > 0 {
				v[k] /= t
			} else {
				v[k] = 1 / float64(len(v))
			}
		}
	}
	for i := range L {
		normalise(fi[i*q : (i+1)*q])
	}
	fij = make([]float32, 0, L*(L-1)/2*q*q)
	blk := make([]float64, q*q)
	for i := range L {
		for j := i + 1; j < L; j++ {
			clear(blk)
			for m := range s.M {
				x, y := int(s.S[m*L+i])-lo, int(s.S[m*L+j])-lo
				if x >= 0 && y >= 0 {
					blk[x*q+y] += w[m]
				}
			}
			normalise(blk)
			for _, v := range blk {
				fij = append(fij, float32(v))
			}
		}
	}
	return fi, fij
}
