package sweep

import (
	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/plm"
)

// Inits are the PL starts a config may name.
var Inits = map[string]plm.Init{"zero": plm.InitZero, "hebb": plm.InitHebb, "random": plm.InitRandom, "uniform": plm.InitUniform}

// CheckInit checks the name of a PL start (the keys of Inits).
func CheckInit(v *experiment.Validator, name, value string) {
	if _, ok := Inits[value]; !ok {
		v.Fail(name, "must be zero, uniform, hebb or random, got %q", value)
	}
}
