package plm

import (
	"fmt"
	"math"

	"github.com/plmlab/plmlab/internal/linalg"
)

// softplus is log(1 + e^u), computed without overflow.
func softplus(u float64) float64 {
	if u > 0 {
		return u + math.Log1p(math.Exp(-u))
	}
	return math.Log1p(math.Exp(u))
}

// PseudoLikelihoodLoss is the mean pseudo-likelihood loss
//
//	L(J) = (1/PN) Σ_μ Σ_i log(1 + e^{−2λ ξ_i^μ h_i(ξ^μ)}),
//
// i.e. the mean over patterns and sites of −log p(ξ_i^μ | ξ_{\i}^μ) at
// inverse temperature λ, computed with a stable softplus.
func PseudoLikelihoodLoss(J *Couplings, xi *Patterns, lambda float64) (float64, error) {
	if err := checkLambda(lambda); err != nil {
		return math.NaN(), err
	}
	h, err := J.LocalFields(xi)
	if err != nil {
		return math.NaN(), err
	}
	var s float64
	for k, v := range h {
		s += softplus(-2 * lambda * float64(xi.Data[k]) * v)
	}
	if !finite(s) {
		return math.NaN(), fmt.Errorf("plm: PL loss overflows (%v) at λ = %v", s, lambda)
	}
	return s / float64(len(h)), nil
}

// PseudoLikelihoodGradient returns ∂L/∂J_ij of the mean loss, with zero
// diagonal, as an N×N row-major matrix.
func PseudoLikelihoodGradient(J *Couplings, xi *Patterns, lambda float64) ([]float64, error) {
	if err := checkLambda(lambda); err != nil {
		return nil, err
	}
	if err := J.checkPatterns(xi); err != nil {
		return nil, err
	}
	b := newPLBlock(xi, 0, J.N)
	copy(b.W, J.W)
	if loss, _ := b.forward(lambda); !finite(loss) {
		return nil, fmt.Errorf("plm: PL loss is %v at λ = %v: the gradient is not defined", loss, lambda)
	}
	b.gradient()
	g := make([]float64, len(b.G))
	for k, v := range b.G {
		g[k] = float64(v)
		if !finite(g[k]) {
			return nil, fmt.Errorf("plm: PL gradient entry [%d][%d] is %v at λ = %v", k/J.N, k%J.N, g[k], lambda)
		}
	}
	return g, nil
}

// MaxLambda bounds λ: beyond it λ·h overflows float32 for O(1) fields.
const MaxLambda = 1e30

func checkLambda(lambda float64) error {
	if !(lambda > 0) || lambda > MaxLambda {
		return fmt.Errorf("plm: inverse temperature λ must be > 0 and at most %g, got %v", MaxLambda, lambda)
	}
	return nil
}

// plBlock holds the PL problem of rows [r0, r0+nb) of J: nb independent
// logistic regressions ("perceptrons") sharing the inputs ξ.
type plBlock struct {
	xi      []float32
	p, n    int
	r0, nb  int
	W       []float32 // nb×N, row k is J_{r0+k}
	H, S    []float32 // P×nb fields and loss derivatives ∂L/∂h
	G       []float32 // nb×N gradient
	rowLoss []float64 // per pattern
	rowOK   []bool    // per pattern: all sites of the block stable
	rowSq   []float64 // per row squared gradient norm

	all  []float32 // every pattern (P×N); xi is all or a mini-batch
	pAll int
}

// useBatch points the block at the patterns with the given indices (a
// mini-batch, copied into buf), or at all patterns when idx is nil.
func (b *plBlock) useBatch(idx []int, buf []float32) {
	if idx == nil {
		b.xi, b.p = b.all, b.pAll
		return
	}
	n := b.n
	for k, mu := range idx {
		copy(buf[k*n:(k+1)*n], b.all[mu*n:(mu+1)*n])
	}
	b.xi, b.p = buf[:len(idx)*n], len(idx)
}

func newPLBlock(xi *Patterns, r0, nb int) *plBlock {
	p, n := xi.P, xi.N
	return &plBlock{
		xi: xi.Data, p: p, n: n, r0: r0, nb: nb, all: xi.Data, pAll: p,
		W: make([]float32, nb*n), H: make([]float32, p*nb), S: make([]float32, p*nb),
		G: make([]float32, nb*n), rowLoss: make([]float64, p), rowOK: make([]bool, p),
	}
}

// forward computes fields, the loss and ∂L/∂h in one fused pass; it returns
// the mean loss over all P·N terms (terms outside the block count as zero)
// and the fraction of patterns stable on every site of the block.
func (b *plBlock) forward(lambda float64) (loss, stored float64) {
	p, n, nb := b.p, b.n, b.nb
	linalg.Sgemm(false, true, p, nb, n, 1, b.xi, n, b.W, n, 0, b.H, nb)
	c := -2 * lambda / float64(p*n)
	linalg.For(p, func(lo, hi int) {
		for mu := lo; mu < hi; mu++ {
			var l float64
			ok := true
			for k := 0; k < nb; k++ {
				s := float64(b.xi[mu*n+b.r0+k])
				z := s * float64(b.H[mu*nb+k])
				if z <= 0 {
					ok = false
				}
				// u = −2λz; loss log(1+e^u); ∂/∂h = −2λ s σ(u).
				u := -2 * lambda * z
				e := expNeg(-math.Abs(u))
				r := 1 / (1 + e)
				l += log1pUnit(e)
				sig := e * r
				if u > 0 {
					l += u
					sig = r
				}
				b.S[mu*nb+k] = float32(c * s * sig)
			}
			b.rowLoss[mu], b.rowOK[mu] = l, ok
		}
	})
	nok := 0
	for mu := 0; mu < p; mu++ {
		loss += b.rowLoss[mu]
		if b.rowOK[mu] {
			nok++
		}
	}
	return loss / float64(p*n), float64(nok) / float64(p)
}

// gradient sets G = Sᵀξ with zero diagonal; it needs forward first.
func (b *plBlock) gradient() {
	linalg.Sgemm(true, false, b.nb, b.n, b.p, 1, b.S, b.nb, b.xi, b.n, 0, b.G, b.n)
	for k := 0; k < b.nb; k++ {
		b.G[k*b.n+b.r0+k] = 0
	}
}

// expNeg is e^x for x ≤ 0 to about 1e-9 relative error (the hot loop of
// the fused forward pass; math.Exp costs several times more).
func expNeg(x float64) float64 {
	if x < -708 {
		return 0
	}
	const log2e = 1.4426950408889634
	const ln2hi, ln2lo = 6.93147180369123816490e-01, 1.90821492927058770002e-10
	k := math.Floor(x*log2e + 0.5)
	r := x - k*ln2hi - k*ln2lo // |r| ≤ ln2/2
	p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120+r*(1.0/720+r*(1.0/5040+r*(1.0/40320))))))))
	return p * math.Float64frombits(uint64(int64(k)+1023)<<52)
}

// log1pUnit is log(1+e) for e in [0, 1], to about 1e-10 relative error,
// from log1p(e) = 2 atanh(s) with s = e/(2+e) ≤ 1/3.
func log1pUnit(e float64) float64 {
	s := e / (2 + e)
	s2 := s * s
	return 2 * s * (1 + s2*(1.0/3+s2*(1.0/5+s2*(1.0/7+s2*(1.0/9+s2*(1.0/11+s2*(1.0/13+s2*(1.0/15+s2*(1.0/17+s2/19)))))))))
}
