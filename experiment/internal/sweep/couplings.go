package sweep

import (
	"github.com/plmlab/plmlab/plm"
)

// Scaled returns f·J.
func Scaled(J *plm.Couplings, f float64) *plm.Couplings {
	out := J.Clone()
	for k := range out.W {
		out.W[k] *= float32(f)
	}
	return out
}
