package landscape

import (
	"fmt"

	"github.com/plmlab/plmlab/experiment"
)

func (c PhaseDiagram) CheckUnit(k int, u phaseUnit) error {
	if k == len(c.Points())-1 && u.Lines == nil {
		return fmt.Errorf("the last point holds no AGS lines")
	}
	if l := u.Lines; l != nil {
		for _, col := range [][]float64{l.Alpha, l.TM, l.TC, l.TG} {
			if err := experiment.WantLen("an AGS line", len(col), c.AGSPoints); err != nil {
				return err
			}
		}
		return nil
	}
	return experiment.WantLen("the overlap column", len(u.Overlap), len(c.Temps))
}
