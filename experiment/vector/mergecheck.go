package vector

import "github.com/plmlab/plmlab/experiment/internal/sweep"

func (c VectorMemory) CheckUnit(k int, u VectorPoint) error {
	return sweep.CheckCurve(u.Curve, c.MIn)
}
