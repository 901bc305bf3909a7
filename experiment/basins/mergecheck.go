package basins

import (
	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/experiment/internal/sweep"
	"github.com/plmlab/plmlab/plm"
)

func (c Basins) CheckUnit(k int, u basinsUnit) error {
	return sweep.CheckCurve(u.Curve, len(sweep.Grid(0, 1, c.MInStep)))
}

func (c BasinTraining) CheckUnit(k int, u basinTrainingUnit) error {
	names, _, _ := c.references()
	if err := experiment.WantLen("the reference rules", len(u.References), len(names)); err != nil {
		return err
	}
	return experiment.WantLen("the PL snapshots", len(u.PL), len(c.Epochs))
}

// A load's curve holds the m_in it measured (plm.LoadSweep.FullCurves).
func (c BasinSize) CheckUnit(k int, u plm.LoadPoint) error {
	return sweep.CheckCurve(u.Curve, 0)
}
