package vector

import (
	"fmt"

	"github.com/plmlab/plmlab/experiment/internal/sweep"
)

func (c VectorMemory) CheckUnit(k int, u VectorPoint) error {
	return sweep.CheckCurve(u.Curve, c.MIn)
}

func (c VectorPhaseDiagram) CheckUnit(k int, u vectorPhaseUnit) error {
	if c.cells()[k].kind == "sim" && (len(u.Overlap) != len(c.Temps) || len(u.Theory) != len(c.Temps)) {
		return fmt.Errorf("%d overlaps for %d temperatures", len(u.Overlap), len(c.Temps))
	}
	return nil
}

func (c VectorFirstStep) CheckUnit(k int, u FirstStepPoint) error {
	if len(u.M1) != c.M0Points-1 || len(u.M1Err) != c.M0Points-1 {
		return fmt.Errorf("%d overlaps for %d initial overlaps", len(u.M1), c.M0Points-1)
	}
	return nil
}
