package sweep

import (
	"fmt"

	"github.com/plmlab/plmlab/plm"
)

// CheckCurve checks a basin curve's own shape (every column as long as
// m_in) and, when want > 0, its number of m_in.
func CheckCurve(c *plm.BasinCurve, want int) error {
	if c == nil {
		return fmt.Errorf("no basin curve")
	}
	k := len(c.MIn)
	if k == 0 || (want > 0 && k != want) {
		return fmt.Errorf("basin curve of %d m_in, the config makes %d", k, want)
	}
	for _, col := range [][]float64{c.MF, c.MFStdErr, c.Retrieved, c.FixedPoint} {
		if len(col) != k {
			return fmt.Errorf("basin curve with columns of %d and %d values", k, len(col))
		}
	}
	return nil
}
