package plm

import "math"

// expBlock is how many exponentials the hot loops compute at a time, in a
// stack array: the loop below is then one tight pass the compiler keeps in
// registers, with no call per element.
const expBlock = 64

// expNonPos sets x_k = e^{x_k} for every x_k ≤ 0 (0 below −708). A degree-7
// polynomial after range reduction, ~6e-9 relative: below the float32
// resolution of what the callers store, and a few times faster than
// math.Exp, which is not inlined (nor is math.Floor in GOAMD64=v1 builds).
func expNonPos(x []float64) {
	const log2e, shift = 1.4426950408889634, 0x1.8p52
	const ln2hi, ln2lo = 6.93147180369123816490e-01, 1.90821492927058770002e-10
	for k, a := range x {
		if a < -708 {
			x[k] = 0
			continue
		}
		kf := a*log2e + shift // round(a log2 e) in the low mantissa bits
		kr := kf - shift
		r := a - kr*ln2hi - kr*ln2lo // |r| ≤ ln2/2
		p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120+r*(1.0/720+r*(1.0/5040)))))))
		x[k] = p * math.Float64frombits((math.Float64bits(kf)-math.Float64bits(shift)+1023)<<52)
	}
}
