package experiment

import (
	"fmt"

	"github.com/plmlab/plmlab/plm"
)

// Outcomes cross machines in shard files that a user may edit or damage, so
// merge checks every decoded outcome against the grid point it claims to
// be before assembling: experiments whose outcomes hold slices implement
// unitChecker, and Merge assembles and draws under a recover that turns
// whatever shape still slips through into an error naming the files.

// unitChecker is implemented by gridded configs whose outcomes have a
// shape set by the config: checkUnit says what is wrong with outcome u of
// grid point k, or nil.
type unitChecker[U any] interface {
	checkUnit(k int, u U) error
}

func wantLen(what string, got, want int) error {
	if got != want {
		return fmt.Errorf("%s has %d values, the config makes %d", what, got, want)
	}
	return nil
}

// checkCurve checks a basin curve's own shape (every column as long as
// m_in) and, when want > 0, its number of m_in.
func checkCurve(c *plm.BasinCurve, want int) error {
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

func (c Basins) checkUnit(k int, u basinsUnit) error {
	return checkCurve(u.Curve, len(grid(0, 1, c.MInStep)))
}

func (c Inference) checkUnit(k int, u InferencePoint) error {
	if err := wantLen("γ", len(u.Gamma), len(InferenceMethods)); err != nil {
		return err
	}
	for m, g := range u.Gamma {
		if err := wantLen("γ of "+InferenceMethods[m], len(g), len(c.Samples)); err != nil {
			return err
		}
	}
	return nil
}

func (c PhaseDiagram) checkUnit(k int, u phaseUnit) error {
	if k == len(c.points())-1 && u.Lines == nil {
		return fmt.Errorf("the last point holds no AGS lines")
	}
	if l := u.Lines; l != nil {
		for _, col := range [][]float64{l.Alpha, l.TM, l.TC, l.TG} {
			if err := wantLen("an AGS line", len(col), c.AGSPoints); err != nil {
				return err
			}
		}
		return nil
	}
	return wantLen("the overlap column", len(u.Overlap), len(c.Temps))
}

func (c PDeltaTrain) checkUnit(k int, u []Snapshot) error {
	p := int(c.Alphas[k]*float64(c.N) + 0.5)
	for _, s := range u {
		if err := wantLen(fmt.Sprintf("the stabilities after %d epochs", s.Epochs), len(s.Delta), p*c.N); err != nil {
			return err
		}
	}
	return nil
}

func (c BasinTraining) checkUnit(k int, u basinTrainingUnit) error {
	names, _, _ := c.references()
	if err := wantLen("the reference rules", len(u.References), len(names)); err != nil {
		return err
	}
	return wantLen("the PL snapshots", len(u.PL), len(c.Epochs))
}

func (c VectorMemory) checkUnit(k int, u VectorPoint) error {
	return checkCurve(u.Curve, c.MIn)
}

// A load's curve holds the m_in it measured (plm.LoadSweep.FullCurves).
func (c BasinSize) checkUnit(k int, u plm.LoadPoint) error {
	return checkCurve(u.Curve, 0)
}
