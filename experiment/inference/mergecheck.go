package inference

import "github.com/plmlab/plmlab/experiment"

func (c Inference) CheckUnit(k int, u InferencePoint) error {
	if err := experiment.WantLen("γ", len(u.Gamma), len(InferenceMethods)); err != nil {
		return err
	}
	for m, g := range u.Gamma {
		if err := experiment.WantLen("γ of "+InferenceMethods[m], len(g), len(c.Samples)); err != nil {
			return err
		}
	}
	return nil
}
