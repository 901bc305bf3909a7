package sweep

import (
	"github.com/plmlab/plmlab/internal/limits"
)

// BasinBytes is the memory of one basin curve of P patterns of N spins
// with trials starts each on k values of m_in (plm.Basins).
func BasinBytes(p, n, trials, k int) []int64 {
	return []int64{limits.Must(8*2, p, n), limits.Must(8+2, p, trials), limits.Must(8*5, k)}
}

// CouplingBytes is the memory of PL training on P patterns of N spins:
// couplings, gradient and their float64 copies (N² each), fields and
// derivatives (P·N each) and the patterns.
func CouplingBytes(p, n int) []int64 {
	return []int64{limits.Must(4*6, n, n), limits.Must(4*4, p, n)}
}
