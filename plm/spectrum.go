package plm

import (
	"errors"

	"gonum.org/v1/gonum/mat"
)

// SymmetricSpectrum returns the eigenvalues, in increasing order, of the
// symmetric part (J + Jᵀ)/2. Its extremes say how synchronous dynamics
// behaves: a large negative eigenvalue makes period-2 oscillations of
// parallel updates possible, since s(t+1) = sign(J s(t)) can flip the
// state along that direction at every step.
func (J *Couplings) SymmetricSpectrum() ([]float64, error) {
	if err := J.Validate(); err != nil {
		return nil, err
	}
	n := J.N
	s := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			s.SetSym(i, j, 0.5*(J.At(i, j)+J.At(j, i)))
		}
	}
	var es mat.EigenSym
	if !es.Factorize(s, false) {
		return nil, errors.New("plm: the eigenvalues of the symmetrised couplings did not converge")
	}
	return es.Values(nil), nil
}
