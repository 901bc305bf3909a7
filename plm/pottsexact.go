package plm

import (
	"math"

	"github.com/plmlab/plmlab/internal/linalg"
)

// exactNLL is −Σ_s w_s Σ_i log p(σ_si | σ_s\i) at x in float64
// throughout, from the parameters themselves: the objective the last
// iterations need once F's changes fall below the float32 pass's rounding
// (about 1e-3 of F's 1e5 on DHFR). Sites are independent: each copies its
// couplings into a local table (j, b, a), contiguous over a, that stays in
// cache while every sequence reads it, as plmc does. Per-site sums are
// added in site order, so the value does not depend on the threads.
func (o *pottsObjective) exactNLL(x []float64) float64 {
	L, qs := o.L, len(o.st)
	idx := make([]int, o.Q) // state → parameter index, −1 for the gap
	for a := range idx {
		idx[a] = -1
	}
	for k, a := range o.st {
		idx[a] = k
	}
	site := make([]float64, L)
	linalg.For(L, func(lo, hi int) {
		tab := make([]float64, L*qs*qs)
		h := make([]float64, qs)
		for i := lo; i < hi; i++ {
			for j := range L {
				if j == i {
					continue
				}
				for ka := range qs {
					for kb := range qs {
						tab[(j*qs+kb)*qs+ka] = o.coupling(x, i, ka, j, kb)
					}
				}
			}
			loss := 0.0
			for m := range o.s.M {
				row := o.s.Row(m)
				ka := idx[row[i]]
				if ka < 0 {
					continue
				}
				copy(h, x[i*qs:(i+1)*qs])
				for j, b := range row {
					kb := idx[b]
					if j == i || kb < 0 {
						continue
					}
					t := tab[(j*qs+kb)*qs : (j*qs+kb+1)*qs]
					for a, v := range t {
						h[a] += v
					}
				}
				mx := h[0]
				for _, v := range h[1:] {
					mx = max(mx, v)
				}
				z := 0.0
				for _, v := range h {
					z += math.Exp(v - mx)
				}
				wm := 1.0
				if o.w != nil {
					wm = o.w[m]
				}
				loss += wm * (mx + math.Log(z) - h[ka])
			}
			site[i] = loss
		}
	})
	t := 0.0
	for _, v := range site {
		t += v
	}
	return t
}

// coupling is J_ij(a, b) in x, for parameter states ka, kb.
func (o *pottsObjective) coupling(x []float64, i, ka, j, kb int) float64 {
	qs, L := len(o.st), o.L
	if o.m.Asymmetric {
		jj := j
		if j > i {
			jj--
		}
		return x[o.nh+((i*(L-1)+jj)*qs+ka)*qs+kb]
	}
	if i > j {
		i, j, ka, kb = j, i, kb, ka
	}
	p := i*L - i*(i+1)/2 + j - i - 1
	return x[o.nh+(p*qs+ka)*qs+kb]
}
