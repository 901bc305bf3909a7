package replica

import (
	"fmt"

	"github.com/plmlab/plmlab/experiment"
)

func (c PDeltaTrain) CheckUnit(k int, u []Snapshot) error {
	p := int(c.Alphas[k]*float64(c.N) + 0.5)
	for _, s := range u {
		if err := experiment.WantLen(fmt.Sprintf("the stabilities after %d epochs", s.Epochs), len(s.Delta), p*c.N); err != nil {
			return err
		}
	}
	return nil
}
