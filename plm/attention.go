package plm

import (
	"fmt"
	"math"
)

// The talk's simplified self-attention layer on N tokens X_i ∈ R^d with
// the vector couplings J_ij as weights:
//
//	X_i^{t+1} = Σ_{j≠i} a_{i←j} J_ij X_j^t,   a_{i←j} = softmax_j(λ X_i^t·J_ij X_j^t),
//
// and the cost it is said to minimise,
//
//	F(X) = −(1/λ) Σ_i log Σ_{j≠i} exp(λ X_i·J_ij X_j).
//
// Differentiating, −∇_{X_k} F = Σ_{j≠k} a_{k←j} J_kj X_j + Σ_{i≠k} a_{i←k} J_ikᵀ X_i:
// the layer is the first term only. The second, X_k's role as a key in
// the other tokens' softmaxes, equals the first for symmetric couplings
// (J_ik = J_kiᵀ) only when a_{i←k} = a_{k←i}, i.e. when every token's
// softmax has the same normaliser. These functions compute each piece so
// that the claim can be checked numerically (experiment "attention").

// AttentionTerms are the layer's quantities at one configuration.
type AttentionTerms struct {
	// A[i][j] = a_{i←j} (A[i][i] = 0; rows sum to 1).
	A [][]float64
	// Layer is the layer's output Σ_j a_{i←j} J_ij X_j, N·d values.
	Layer []float64
	// Key is Σ_i a_{i←k} J_ikᵀ X_i at token k: the rest of −∇F.
	Key []float64
	// F is the cost; −∇F = Layer + Key.
	F float64
}

// Attention computes the layer's attention, output, cost and gradient at
// the configuration x (N·d values, any norms) with couplings J and
// inverse temperature λ > 0.
func Attention(J *VectorCouplings, x []float64, lambda float64) (*AttentionTerms, error) {
	if err := J.Validate(); err != nil {
		return nil, err
	}
	if err := checkLambda(lambda); err != nil {
		return nil, err
	}
	n, d, nd := J.N, J.D, J.N*J.D
	if len(x) != nd {
		return nil, fmt.Errorf("plm: attention on %d values, want N·d = %d", len(x), nd)
	}
	for k, v := range x {
		if !finite(v) {
			return nil, fmt.Errorf("plm: attention input component %d is %v", k, v)
		}
	}
	// y[i][j] = J_ij X_j (d values), e[i][j] = λ X_i·y[i][j].
	y := make([]float64, n*n*d)
	t := &AttentionTerms{A: make([][]float64, n), Layer: make([]float64, nd), Key: make([]float64, nd)}
	for i := 0; i < n; i++ {
		e := make([]float64, n)
		top := math.Inf(-1)
		for j := 0; j < n; j++ {
			if j == i {
				continue
			}
			yij := y[(i*n+j)*d : (i*n+j+1)*d]
			for a := 0; a < d; a++ {
				row := J.W[(i*d+a)*nd+j*d : (i*d+a)*nd+(j+1)*d]
				var s float64
				for b, w := range row {
					s += float64(w) * x[j*d+b]
				}
				yij[a] = s
				e[j] += lambda * x[i*d+a] * s
			}
			top = math.Max(top, e[j])
		}
		var z float64
		a := make([]float64, n)
		for j := range e {
			if j != i {
				a[j] = math.Exp(e[j] - top)
				z += a[j]
			}
		}
		for j := range a {
			a[j] /= z
		}
		t.A[i] = a
		t.F -= (top + math.Log(z)) / lambda
		for j := 0; j < n; j++ {
			if j == i {
				continue
			}
			for c := 0; c < d; c++ {
				t.Layer[i*d+c] += a[j] * y[(i*n+j)*d+c]
			}
		}
	}
	// Key term at k: Σ_i a_{i←k} J_ikᵀ X_i, i.e. component b: Σ_i a_ik Σ_a (J_ik)_ab X_i[a].
	for i := 0; i < n; i++ {
		for k := 0; k < n; k++ {
			if k == i || t.A[i][k] == 0 {
				continue
			}
			w := t.A[i][k]
			for a := 0; a < d; a++ {
				xa := w * x[i*d+a]
				row := J.W[(i*d+a)*nd+k*d : (i*d+a)*nd+(k+1)*d]
				for b, v := range row {
					t.Key[k*d+b] += xa * float64(v)
				}
			}
		}
	}
	if !finite(t.F) {
		return nil, fmt.Errorf("plm: attention cost is %v (λ or the couplings too large)", t.F)
	}
	return t, nil
}
