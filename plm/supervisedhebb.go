package plm

import (
	"context"
	"fmt"

	"github.com/plmlab/plmlab/internal/linalg"
)

// SupervisedHebb is Hebb's rule on labelled examples: the examples of each
// class are averaged first, J_ij = (1/N) Σ_c s_i^c s_j^c with s^c the mean
// of class c's examples (J_ii = 0). With blurred copies of archetypes it is
// the lecture's supervised rule: averaging cancels the blur before storing.
// Hebb on the examples themselves is the unsupervised rule.
type SupervisedHebb struct {
	// Labels[μ] is the class (0, 1, …) of example μ.
	Labels []int
}

// Couplings returns the couplings of the examples xi.
func (s SupervisedHebb) Couplings(ctx context.Context, xi *Patterns) (*Couplings, error) {
	if err := xi.Validate(); err != nil {
		return nil, err
	}
	if len(s.Labels) != xi.P {
		return nil, fmt.Errorf("plm: %d labels for %d examples", len(s.Labels), xi.P)
	}
	k := 0
	for mu, l := range s.Labels {
		if l < 0 || l >= xi.P {
			return nil, fmt.Errorf("plm: example %d has label %d; labels are 0, 1, … (at most one class per example)", mu, l)
		}
		k = max(k, l+1)
	}
	n := xi.N
	mean := make([]float32, k*n)
	count := make([]int, k)
	for mu, l := range s.Labels {
		count[l]++
		linalg.Saxpy(1, xi.Row(mu), mean[l*n:(l+1)*n])
	}
	for c := 0; c < k; c++ {
		if count[c] == 0 {
			return nil, fmt.Errorf("plm: class %d has no example", c)
		}
		for i := range mean[c*n : (c+1)*n] {
			mean[c*n+i] /= float32(count[c])
		}
	}
	// Hebb's rule on the class means (real-valued rows).
	return hebbCouplings(&Patterns{P: k, N: n, Data: mean}), nil
}
