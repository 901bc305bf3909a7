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
	badCol  []int     // per row, first non-finite coupling after a step (−1: none)

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
			b.rowLoss[mu], b.rowOK[mu] = fusedSites(b.xi[mu*n+b.r0:mu*n+b.r0+nb], b.H[mu*nb:(mu+1)*nb], b.S[mu*nb:(mu+1)*nb], lambda, c)
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

// logChunk bounds the products in fusedSites: 2^512 < MaxFloat64.
const logChunk = 512 // = kernel.SitesBlock, the most linalg.FusedSites takes

// fusedSites is the hot loop of the forward pass for one pattern: for spins
// s_k with fields h_k it returns Σ_k log(1 + e^{u_k}), u_k = −2λ s_k h_k, and
// whether every s_k h_k > 0, and sets S_k = c s_k σ(u_k), the derivative of
// the loss term times c/(−2λ).
//
// e^{−|u|} is computed inline: expNonPos's polynomial, written out here
// because the epoch is 10 % slower through expNonPos's separate pass
// (BenchmarkTrainEpoch/N784_P2000, 2026-11-26), and the
// terms log(1+e) are summed as logs of products of (1+e) ∈ [1, 2], one
// math.Log per logChunk sites (~1e-14; the product cannot overflow).
func fusedSites(xs, hs, ss []float32, lambda, c float64) (loss float64, ok bool) {
	const log2e, shift = 1.4426950408889634, 0x1.8p52
	const ln2hi, ln2lo = 6.93147180369123816490e-01, 1.90821492927058770002e-10
	ok = true
	hs, ss = hs[:len(xs)], ss[:len(xs)]
	for k0 := 0; k0 < len(xs); k0 += logChunk {
		k1 := min(k0+logChunk, len(xs))
		// Eight sites at a time in AVX-512 where the CPU has it (the same
		// S bit for bit); the scalar loop below does the rest.
		lin, prod, bad, done := linalg.FusedSites(xs[k0:k1], hs[k0:k1], ss[k0:k1], -2*lambda, c)
		loss += lin
		if bad {
			ok = false
		}
		for k := k0 + done; k < k1; k++ {
			s := float64(xs[k])
			z := s * float64(hs[k])
			if z <= 0 {
				ok = false
			}
			u := -2 * lambda * z
			// e = e^{−|u|}, 0 below e^{−708}
			a := -math.Abs(u)
			e := 0.0
			if a >= -708 {
				kf := a*log2e + shift // round(a log2 e) in the low mantissa bits
				kr := kf - shift
				r := a - kr*ln2hi - kr*ln2lo // |r| ≤ ln2/2
				p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120+r*(1.0/720+r*(1.0/5040)))))))
				e = p * math.Float64frombits((math.Float64bits(kf)-math.Float64bits(shift)+1023)<<52)
			}
			rr := 1 / (1 + e)
			prod *= 1 + e
			sig := e * rr // σ(u) for u ≤ 0
			if u > 0 {
				loss += u
				sig = rr
			}
			ss[k] = float32(c * s * sig)
		}
		loss += math.Log(prod)
	}
	return loss, ok
}
