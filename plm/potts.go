package plm

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"

	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/internal/linalg"
)

// Sequences are M sequences of L sites with states 0 … Q−1 (Potts
// variables, e.g. the 21 states of a protein alignment), row-major.
type Sequences struct {
	M, L, Q int
	S       []uint8
}

// NewSequences checks and wraps row-major states (the slice is used).
func NewSequences(m, l, q int, s []uint8) (*Sequences, error) {
	if m <= 0 || l <= 0 || q < 2 || q > 255 {
		return nil, fmt.Errorf("plm: need M > 0 sequences of L > 0 sites with 2 ≤ Q ≤ 255 states, got M=%d L=%d Q=%d", m, l, q)
	}
	if _, ok := limits.Bytes(1, m, l); !ok || len(s) != m*l {
		return nil, fmt.Errorf("plm: %d states for %d sequences of %d sites", len(s), m, l)
	}
	for k, v := range s {
		if int(v) >= q {
			return nil, fmt.Errorf("plm: sequence %d, site %d has state %d, want < %d", k/l, k%l, v, q)
		}
	}
	return &Sequences{M: m, L: l, Q: q, S: s}, nil
}

// Validate checks sizes and that every state is below Q.
func (s *Sequences) Validate() error {
	if s == nil {
		return errors.New("plm: sequences are nil")
	}
	if _, ok := limits.Bytes(1, s.M, s.L); !ok {
		return fmt.Errorf("plm: %d sequences of %d sites overflow", s.M, s.L)
	}
	_, err := NewSequences(s.M, s.L, s.Q, s.S)
	return err
}

// Row returns sequence m (shared storage).
func (s *Sequences) Row(m int) []uint8 { return s.S[m*s.L : (m+1)*s.L] }

// Subset returns the sequences with the given indices (a copy).
func (s *Sequences) Subset(idx []int) (*Sequences, error) {
	if len(idx) == 0 {
		return nil, errors.New("plm: Subset needs at least one index")
	}
	out := &Sequences{M: len(idx), L: s.L, Q: s.Q, S: make([]uint8, 0, len(idx)*s.L)}
	for _, m := range idx {
		if m < 0 || m >= s.M {
			return nil, fmt.Errorf("plm: sequence index %d out of range [0,%d)", m, s.M)
		}
		out.S = append(out.S, s.Row(m)...)
	}
	return out, nil
}

// OneHot encodes the sequences as M rows of L·Q zeros and ones
// (x[m][i·Q+a] = 1 iff σ_i = a), the dense form of what the Potts code
// handles sparsely.
func OneHot(s *Sequences) [][]float32 {
	if s == nil {
		return nil
	}
	out := make([][]float32, s.M)
	for m := range out {
		row := make([]float32, s.L*s.Q)
		for i, a := range s.Row(m) {
			row[i*s.Q+int(a)] = 1
		}
		out[m] = row
	}
	return out
}

// Identity is the fraction of sites where two sequences agree.
func Identity(a, b []uint8) float64 {
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / float64(len(a))
}

// SequencesFromIsing maps ±1 patterns to Q = 2 Potts sequences (+1 → state
// 0, −1 → state 1).
func SequencesFromIsing(x *Patterns) *Sequences {
	s := &Sequences{M: x.P, L: x.N, Q: 2, S: make([]uint8, len(x.Data))}
	for k, v := range x.Data {
		if v < 0 {
			s.S[k] = 1
		}
	}
	return s
}

// PottsCouplings are the couplings J_ij(a, b) of an L-site, Q-state Potts
// network, asymmetric in general, with zero diagonal blocks (J_ii = 0) and
// no fields. They are stored transposed, one row per (j, b): WT[(j·Q+b)·LQ
// + i·Q+a] = J_ij(a, b), so that the fields of a sequence are the sum of its
// L rows.
type PottsCouplings struct {
	L, Q int
	WT   []float32
}

// NewPottsCouplings returns zero couplings.
func NewPottsCouplings(l, q int) (*PottsCouplings, error) {
	if l <= 0 || q < 2 {
		return nil, fmt.Errorf("plm: Potts couplings need L > 0 and Q ≥ 2, got %d, %d", l, q)
	}
	if err := limits.Check("plm: Potts couplings (LQ)²", 4, l, q, l, q); err != nil {
		return nil, err
	}
	return &PottsCouplings{L: l, Q: q, WT: make([]float32, l*q*l*q)}, nil
}

// At returns J_ij(a, b).
func (J *PottsCouplings) At(i, a, j, b int) float64 {
	lq := J.L * J.Q
	return float64(J.WT[(j*J.Q+b)*lq+i*J.Q+a])
}

// Set sets J_ij(a, b).
func (J *PottsCouplings) Set(i, a, j, b int, v float64) {
	lq := J.L * J.Q
	J.WT[(j*J.Q+b)*lq+i*J.Q+a] = float32(v)
}

func (J *PottsCouplings) zeroDiagonalBlocks() {
	lq, q := J.L*J.Q, J.Q
	for i := 0; i < J.L; i++ {
		for b := 0; b < q; b++ {
			row := J.WT[(i*q+b)*lq:]
			for a := 0; a < q; a++ {
				row[i*q+a] = 0
			}
		}
	}
}

func (J *PottsCouplings) check(s *Sequences) error {
	if J == nil || s == nil {
		return errors.New("plm: nil couplings or sequences")
	}
	if err := s.Validate(); err != nil {
		return err
	}
	if J.L != s.L || J.Q != s.Q {
		return fmt.Errorf("plm: couplings for L=%d, Q=%d but sequences have L=%d, Q=%d", J.L, J.Q, s.L, s.Q)
	}
	return J.valid()
}

// valid checks the couplings' own shape.
func (J *PottsCouplings) valid() error {
	if J == nil {
		return errors.New("plm: nil Potts couplings")
	}
	if J.L < 1 || J.Q < 1 {
		return fmt.Errorf("plm: Potts couplings of L=%d, Q=%d; need L, Q ≥ 1", J.L, J.Q)
	}
	if _, ok := limits.Bytes(4, J.L, J.Q, J.L, J.Q); !ok || len(J.WT) != J.L*J.Q*J.L*J.Q {
		return fmt.Errorf("plm: Potts couplings hold %d values, want (LQ)²", len(J.WT))
	}
	return nil
}

// fields sets h(i, a) = Σ_j J_ij(a, σ_j) for one sequence.
func (J *PottsCouplings) fields(seq []uint8, h []float32) {
	lq := J.L * J.Q
	clear(h)
	for j, b := range seq {
		r := (j*J.Q + int(b)) * lq
		linalg.Saxpy(1, J.WT[r:r+lq], h)
	}
}

// pottsBatch is how many sequences share one sweep over the couplings.
// A sequence reads one row of J per site (L rows of LQ values, 3.4 MB for
// PF13354) and adds its residuals to the same rows of the gradient, so a
// sequence at a time streams J and the gradient from memory. A batch is
// swept in strips of linalg.RowStrip columns instead: the strip of J (or
// of the gradient) is copied into a contiguous buffer that stays in cache
// (its rows, LQ·4 bytes apart in J, would each take a TLB entry) while
// every sequence of the batch reads (or updates) it. Strips are split
// between threads, so each value of the gradient is summed by one thread
// in sequence order, whatever the number of threads.
const pottsBatch = 4096

// pottsBatchSize splits m sequences into equal batches of at most
// pottsBatch.
func pottsBatchSize(m int) int {
	nb := (m + pottsBatch - 1) / pottsBatch
	return (m + nb - 1) / max(nb, 1)
}

// pottsPass computes the mean loss −(1/ML) Σ log p(σ_i | σ_\i) at inverse
// temperature λ, the fraction of sequences that are fixed points of the
// arg-max dynamics, and, if gt is not nil, the gradient in the transposed
// layout (zero diagonal blocks).
func pottsPass(J *PottsCouplings, s *Sequences, lambda float64, gt []float32) (loss, stored float64) {
	var sc pottsScratch
	loss, stored, _ = sc.pass(context.Background(), J, s, lambda, nil, gt)
	return loss, stored
}

// pottsScratch keeps a batch's buffers between passes.
type pottsScratch struct {
	h     []float32   // fields of a batch, then its residuals
	offs  []int       // row offsets (j·Q + σ_j)·RowStrip in a strip, L per sequence
	strip [][]float32 // per thread: one strip of J or of the gradient, LQ × RowStrip
	loss  []float64   // per sequence
	ok    []bool      // per sequence: a fixed point
}

// pottsScratchBytes is the scratch memory of a pass over m sequences.
func pottsScratchBytes(m, l, q int) int64 {
	b := int64(pottsBatchSize(m))
	lq := int64(l) * int64(q)
	return b*lq*4 + b*int64(l)*8 + int64(linalg.Workers(1<<20))*lq*linalg.RowStrip*4 + int64(m)*9
}

// pass is pottsPass with optional sequence weights (the loss is then the
// weighted mean over sequences); it stops early, with the context's error,
// when ctx is cancelled.
func (sc *pottsScratch) pass(ctx context.Context, J *PottsCouplings, s *Sequences, lambda float64, w []float64, gt []float32) (loss, stored float64, err error) {
	return sc.passTerms(ctx, J, s, lambda, pottsTerms{w: w, gap: -1}, gt)
}

// pottsTerms are the parts of a pass beyond the mean PL loss of couplings:
// what plmc's objective adds.
type pottsTerms struct {
	w   []float64 // sequence weights (nil: all 1)
	h   []float32 // fields h_i(a), L×Q, added to every sequence's sum (nil: none)
	gh  []float64 // receives the fields' gradient, L×Q (nil: not wanted)
	gap int       // state left out of every conditional (−1: none)
	sum bool      // weighted sums over sequences and sites, not means
}

// passTerms is pass with fields, a gap state and plmc's units. With a gap
// state g, a site where a sequence has g adds nothing, the conditional of
// every other site is a softmax over the states other than g, and rows of
// the gradient for (j, g) are zero.
func (sc *pottsScratch) passTerms(ctx context.Context, J *PottsCouplings, s *Sequences, lambda float64, t pottsTerms, gt []float32) (loss, stored float64, err error) {
	const width = linalg.RowStrip
	lq, q, L := J.L*J.Q, J.Q, J.L
	w := t.w
	wsum := float64(s.M)
	if w != nil {
		wsum = 0
		for _, v := range w {
			wsum += v
		}
	}
	norm := wsum * float64(L)
	if t.sum {
		norm = 1
	}
	if t.gh != nil {
		clear(t.gh)
	}
	nb := pottsBatchSize(s.M)
	if len(sc.h) != nb*lq {
		sc.h = make([]float32, nb*lq)
		sc.offs = make([]int, nb*L)
	}
	if len(sc.loss) != s.M {
		sc.loss = make([]float64, s.M)
		sc.ok = make([]bool, s.M)
	}
	strips := (lq + width - 1) / width
	workers := linalg.Workers(strips)
	for len(sc.strip) < workers {
		sc.strip = append(sc.strip, nil)
	}
	for t := range workers {
		if len(sc.strip[t]) != lq*width {
			sc.strip[t] = make([]float32, lq*width)
		}
	}
	h, offs := sc.h, sc.offs
	for b0 := 0; b0 < s.M; b0 += nb {
		if err := ctx.Err(); err != nil {
			return math.NaN(), 0, err
		}
		n := min(nb, s.M-b0)
		for k := 0; k < n; k++ {
			for j, b := range s.Row(b0 + k) {
				offs[k*L+j] = (j*q + int(b)) * width
			}
		}
		// Fields: h_k(strip) = Σ_j J[(j, σ_kj)](strip).
		linalg.ForEach(strips, func(st, t int) {
			c0 := st * width
			c1 := min(c0+width, lq)
			buf := sc.strip[t]
			for r := range lq {
				copy(buf[r*width:r*width+c1-c0], J.WT[r*lq+c0:r*lq+c1])
			}
			var acc [width]float32
			for k := 0; k < n; k++ {
				linalg.SumRows(acc[:], buf, offs[k*L:(k+1)*L])
				copy(h[k*lq+c0:k*lq+c1], acc[:c1-c0])
			}
		})
		linalg.For(n, func(lo, hi int) {
			e := make([]float64, q)
			for k := lo; k < hi; k++ {
				m := b0 + k
				wm := 1.0
				if w != nil {
					wm = w[m]
				}
				hk := h[k*lq : (k+1)*lq]
				if t.h != nil {
					for c, v := range t.h {
						hk[c] += v
					}
				}
				sc.loss[m], sc.ok[m] = pottsSites(hk, s.Row(m), lambda, wm, float32(lambda*wm/norm), gt != nil || t.gh != nil, t.gap, e)
			}
		})
		if t.gh != nil {
			// Each column is summed by one worker in sequence order.
			linalg.For(lq, func(lo, hi int) {
				for k := 0; k < n; k++ {
					r := h[k*lq : (k+1)*lq]
					for c := lo; c < hi; c++ {
						t.gh[c] += float64(r[c])
					}
				}
			})
		}
		if gt == nil {
			continue
		}
		// Gradient: G[(j, σ_kj)](strip) += r_k(strip), then the strip is
		// added to gt (set, for the first batch).
		linalg.ForEach(strips, func(st, t int) {
			c0 := st * width
			c1 := min(c0+width, lq)
			buf := sc.strip[t]
			clear(buf)
			var r [width]float32
			for k := 0; k < n; k++ {
				copy(r[:], h[k*lq+c0:k*lq+c1])
				linalg.AddRows(buf, offs[k*L:(k+1)*L], r[:])
			}
			for row := range lq {
				dst, src := gt[row*lq+c0:row*lq+c1], buf[row*width:row*width+c1-c0]
				if b0 == 0 {
					copy(dst, src)
					continue
				}
				for i, v := range src {
					dst[i] += v
				}
			}
		})
	}
	nf := 0
	for m := range s.M {
		loss += sc.loss[m]
		if sc.ok[m] {
			nf++
		}
	}
	if gt != nil {
		(&PottsCouplings{L: J.L, Q: q, WT: gt}).zeroDiagonalBlocks()
		if t.gap >= 0 {
			for j := range L {
				clear(gt[(j*q+t.gap)*lq : (j*q+t.gap+1)*lq])
			}
		}
	}
	return loss / norm, float64(nf) / float64(s.M), nil
}

// expShifted sets e_a = exp(λh_a − mx) for λh_a ≤ mx and returns Σ_a e_a.
func expShifted(e []float64, h []float32, lambda, mx float64) (z float64) {
	e = e[:len(h)]
	for i, v := range h {
		e[i] = lambda*float64(v) - mx
	}
	expNonPos(e)
	for _, v := range e {
		z += v
	}
	return z
}

// pottsSites turns one sequence's fields h into its weighted loss
// wm·Σ_i −log softmax(λh_i)[σ_i] and whether it is a fixed point of the
// arg-max dynamics; with grad, h is overwritten by the residuals
// scale·(softmax(λh_i) − δ_{a,σ_i}). A gap state (≥ 0) is left out of every
// softmax, and a site holding it adds nothing (zero residuals). e is
// scratch of length Q.
func pottsSites(h []float32, seq []uint8, lambda, wm float64, scale float32, grad bool, gap int, e []float64) (loss float64, ok bool) {
	q := len(e)
	ok = true
	for i, si := range seq {
		hi := h[i*q : (i+1)*q]
		if int(si) == gap {
			if grad {
				clear(hi)
			}
			continue
		}
		mx := math.Inf(-1)
		best := 0
		for a, v := range hi {
			if x := lambda * float64(v); x > mx && a != gap {
				mx, best = x, a
			}
		}
		if best != int(si) && hi[best] > hi[si] {
			ok = false
		}
		if gap >= 0 {
			hi[gap] = float32(mx / lambda) // any finite value; its weight is cleared
		}
		z := expShifted(e, hi, lambda, mx)
		if gap >= 0 {
			z -= e[gap]
			e[gap] = 0
		}
		loss += wm * (mx + math.Log(z) - lambda*float64(hi[si]))
		if grad {
			inv := 1 / z
			for a := range hi {
				p := e[a] * inv
				if a == int(si) {
					p--
				}
				hi[a] = float32(p) * scale
			}
		}
	}
	return loss, ok
}

// PottsLoss is the mean pseudo-likelihood loss of Potts couplings: the mean
// over sequences and sites of −log softmax_a(λ h_i(a))[σ_i], plus
// l2·Σ J².
func PottsLoss(J *PottsCouplings, s *Sequences, lambda, l2 float64) (float64, error) {
	if err := J.check(s); err != nil {
		return math.NaN(), err
	}
	if err := checkLambda(lambda); err != nil {
		return math.NaN(), err
	}
	l, _ := pottsPass(J, s, lambda, nil)
	return l + l2*sumSquares(J.WT), nil
}

// PottsGradient is ∂PottsLoss/∂J in the transposed layout of
// PottsCouplings.WT (zero diagonal blocks).
func PottsGradient(J *PottsCouplings, s *Sequences, lambda, l2 float64) ([]float32, error) {
	if err := J.check(s); err != nil {
		return nil, err
	}
	if err := checkLambda(lambda); err != nil {
		return nil, err
	}
	g := make([]float32, len(J.WT))
	pottsPass(J, s, lambda, g)
	if l2 != 0 {
		linalg.Saxpy(float32(2*l2), J.WT, g)
		(&PottsCouplings{L: J.L, Q: J.Q, WT: g}).zeroDiagonalBlocks()
	}
	return g, nil
}

func sumSquares(w []float32) float64 {
	var s float64
	for _, v := range w {
		s += float64(v) * float64(v)
	}
	return s
}

// PottsPL trains Potts couplings by full-batch Adam on PottsLoss, from
// J = 0 (the calibration of this project: lr 0.01, 60 epochs, L2 5e-5).
type PottsPL struct {
	Lambda       float64 // default 1
	LearningRate float64 // Adam step (default 0.01)
	Epochs       int     // default 60
	L2           float64 // penalty l2·ΣJ² (0: none)
	Symmetric    bool    // J_ij(a,b) = J_ji(b,a) throughout
	// Weights, if set, weight each sequence in the loss (for instance the
	// 80 %-identity reweighting of data.Weights); nil weighs all equally.
	Weights  []float64
	Progress func(PottsEpochLog)
}

// PottsEpochLog describes the couplings after Epoch steps.
type PottsEpochLog struct {
	Epoch  int     `json:"epoch"`
	Loss   float64 `json:"loss"`   // mean PL loss without the penalty
	Stored float64 `json:"stored"` // fraction of training sequences that are fixed points
}

// PottsTraining is the outcome of PottsPL.Train.
type PottsTraining struct {
	J   *PottsCouplings `json:"-"`
	Log []PottsEpochLog `json:"log"`
}

// Train runs the training; on cancellation it returns what it has with
// the context's error.
func (pl PottsPL) Train(ctx context.Context, s *Sequences) (*PottsTraining, error) {
	if pl.Lambda == 0 {
		pl.Lambda = 1
	}
	if pl.LearningRate == 0 {
		pl.LearningRate = 0.01
	}
	if pl.Epochs == 0 {
		pl.Epochs = 60
	}
	if err := checkLambda(pl.Lambda); err != nil {
		return nil, err
	}
	if !(pl.LearningRate > 0) || pl.LearningRate > math.MaxFloat32 || pl.Epochs < 0 || !(pl.L2 >= 0) || pl.L2 > math.MaxFloat32 {
		return nil, fmt.Errorf("plm: Potts training needs 0 < learning rate ≤ %g, epochs ≥ 0 and 0 ≤ L2 ≤ %g, got %v, %d, %v", math.MaxFloat32, math.MaxFloat32, pl.LearningRate, pl.Epochs, pl.L2)
	}
	if s == nil || s.M == 0 {
		return nil, errors.New("plm: no sequences to train on")
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	// Couplings, gradient, two Adam moments and a batch's scratch.
	if err := limits.Total(fmt.Sprintf("plm: Potts training of L=%d, Q=%d", s.L, s.Q), limits.Must(4*4, s.L, s.Q, s.L, s.Q), pottsScratchBytes(s.M, s.L, s.Q)); err != nil {
		return nil, err
	}
	if pl.Weights != nil {
		if len(pl.Weights) != s.M {
			return nil, fmt.Errorf("plm: %d weights for %d sequences", len(pl.Weights), s.M)
		}
		for m, v := range pl.Weights {
			if !(v >= 0) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("plm: weight %d is %v, want finite and ≥ 0", m, v)
			}
		}
	}
	J, err := NewPottsCouplings(s.L, s.Q)
	if err != nil {
		return nil, err
	}
	n := len(J.WT)
	g := make([]float32, n)
	m1 := make([]float32, n)
	m2 := make([]float32, n)
	const b1, b2, eps = 0.9, 0.999, 1e-8
	t := &PottsTraining{J: J}
	lq := s.L * s.Q
	var sc pottsScratch
	for epoch := 0; ; epoch++ {
		loss, stored, err := sc.pass(ctx, J, s, pl.Lambda, pl.Weights, g)
		if err != nil {
			return t, err
		}
		e := PottsEpochLog{Epoch: epoch, Loss: loss, Stored: stored}
		t.Log = append(t.Log, e)
		if pl.Progress != nil {
			pl.Progress(e)
		}
		if !finite(loss) {
			return t, &NonFiniteError{Epoch: epoch, Quantity: "loss", Value: loss}
		}
		if epoch == pl.Epochs {
			return t, nil
		}
		if pl.Symmetric {
			symmetrise(g, lq) // before the penalty, which is symmetric with J
		}
		c1 := 1 - math.Pow(b1, float64(epoch+1))
		c2 := 1 - math.Pow(b2, float64(epoch+1))
		step := float32(pl.LearningRate * math.Sqrt(c2) / c1)
		l2 := float32(2 * pl.L2)
		// One pass over the four arrays (they are 72 MB each for PF13354,
		// so each extra pass costs as much as the update): penalty, Adam
		// and the check for non-finite couplings. Diagonal blocks stay
		// zero: their gradient, penalty and moments are zero.
		var mu sync.Mutex
		bad := n
		linalg.For(n, func(lo, hi int) {
			w := J.WT
			for k := lo; k < hi; k++ {
				gk := g[k] + l2*w[k]
				m1[k] = b1*m1[k] + (1-b1)*gk
				m2[k] = b2*m2[k] + (1-b2)*gk*gk
				w[k] -= step * m1[k] / (float32(math.Sqrt(float64(m2[k]))) + eps)
				if v := w[k]; v-v != 0 { // NaN or ±Inf
					mu.Lock()
					bad = min(bad, k)
					mu.Unlock()
					break
				}
			}
		})
		if bad < n {
			return t, &NonFiniteError{Epoch: epoch, Quantity: fmt.Sprintf("coupling (entry %d of the transposed matrix)", bad), Value: float64(J.WT[bad])}
		}
	}
}

// symmetrise replaces the n×n matrix w by (w + wᵀ)/2. It works on pairs
// of mirrored tiles, so that the column walk stays in cache; each pair
// belongs to the worker of its upper tile's row, so workers never share
// an entry and the result does not depend on their number.
func symmetrise(w []float32, n int) {
	const tile = 64
	nt := (n + tile - 1) / tile
	linalg.ForEach(nt, func(bi, _ int) {
		i0, i1 := bi*tile, min(bi*tile+tile, n)
		for j0 := i0; j0 < n; j0 += tile {
			j1 := min(j0+tile, n)
			for i := i0; i < i1; i++ {
				for j := max(j0, i+1); j < j1; j++ {
					v := (w[i*n+j] + w[j*n+i]) / 2
					w[i*n+j], w[j*n+i] = v, v
				}
			}
		}
	})
}

// PottsRelaxation is the outcome of the arg-max dynamics.
type PottsRelaxation struct {
	Final       *Sequences
	Steps       []int
	FixedPoint  []bool
	CycleLength []int
}

// PottsDynamics is the zero-temperature Potts dynamics: each site takes the
// state of largest field, σ_i ← argmax_a h_i(a). On a tie the site keeps its
// state if it is among the maxima, else takes the lowest one. Synchronous
// mode updates every site at once (and can 2-cycle even for symmetric
// couplings); asynchronous mode visits sites in a random order per sweep.
type PottsDynamics struct {
	Mode     Mode
	MaxSteps int // cap (default DefaultMaxSteps)
	Seed     uint64
}

func argmaxKeep(h []float32, cur int) int {
	best := cur
	for a, v := range h {
		if v > h[best] || (v == h[best] && best != cur && a < best) {
			best = a
		}
	}
	return best
}

// Run relaxes every sequence of s (which is not modified).
func (d PottsDynamics) Run(ctx context.Context, J *PottsCouplings, s *Sequences) (*PottsRelaxation, error) {
	if err := J.check(s); err != nil {
		return nil, err
	}
	checked, err := Dynamics{Mode: d.Mode, MaxSteps: d.MaxSteps}.check()
	if err != nil {
		return nil, err
	}
	d.MaxSteps = checked.MaxSteps
	L, q, lq := s.L, s.Q, s.L*s.Q
	out := &PottsRelaxation{Final: &Sequences{M: s.M, L: L, Q: q, S: append([]uint8(nil), s.S...)},
		Steps: make([]int, s.M), FixedPoint: make([]bool, s.M), CycleLength: make([]int, s.M)}
	zr := rand.New(rand.NewPCG(0x5eed, 0x9077))
	z1 := make([]uint64, lq)
	for k := range z1 {
		z1[k] = zr.Uint64()
	}
	workers := linalg.Workers(s.M)
	hs := make([][]float32, workers)
	for w := range hs {
		hs[w] = make([]float32, lq)
	}
	var cancelled error
	var once sync.Once
	linalg.ForEach(s.M, func(m, w int) {
		if err := ctx.Err(); err != nil {
			once.Do(func() { cancelled = err })
			return
		}
		seq := out.Final.Row(m)
		h := hs[w]
		J.fields(seq, h)
		move := func(j int, to uint8) {
			r0 := (j*q + int(seq[j])) * lq
			r1 := (j*q + int(to)) * lq
			linalg.Saxpy(-1, J.WT[r0:r0+lq], h)
			linalg.Saxpy(1, J.WT[r1:r1+lq], h)
			seq[j] = to
		}
		if d.Mode == Asynchronous {
			rng := rand.New(rand.NewPCG(d.Seed, uint64(m)))
			order := rng.Perm(L)
			for out.Steps[m] < d.MaxSteps {
				rng.Shuffle(L, func(a, b int) { order[a], order[b] = order[b], order[a] })
				changed := false
				for _, i := range order {
					if a := argmaxKeep(h[i*q:(i+1)*q], int(seq[i])); a != int(seq[i]) {
						move(i, uint8(a))
						changed = true
					}
				}
				if !changed {
					out.FixedPoint[m] = true
					return
				}
				out.Steps[m]++
			}
			return
		}
		var key uint64
		for i, a := range seq {
			key ^= z1[i*q+int(a)]
		}
		hist := []uint64{key}
		next := make([]uint8, L)
		for out.Steps[m] < d.MaxSteps {
			changed := false
			for i := range seq {
				next[i] = uint8(argmaxKeep(h[i*q:(i+1)*q], int(seq[i])))
				changed = changed || next[i] != seq[i]
			}
			if !changed {
				out.FixedPoint[m] = true
				return
			}
			for i, a := range next {
				if a != seq[i] {
					key ^= z1[i*q+int(seq[i])] ^ z1[i*q+int(a)]
					move(i, a)
				}
			}
			out.Steps[m]++
			for t := len(hist) - 1; t >= 0; t-- {
				if hist[t] == key {
					out.CycleLength[m] = len(hist) - t
					return
				}
			}
			hist = append(hist, key)
		}
	})
	if cancelled != nil {
		return nil, cancelled
	}
	return out, nil
}
