// Package all registers every experiment of plmlab: a program or notebook
// that looks experiments up by name (experiment.Lookup, experiment.All)
// imports it for its side effect.
//
//	import _ "github.com/plmlab/plmlab/experiment/all"
//
// A new experiment family adds one line here.
package all

import (
	_ "github.com/plmlab/plmlab/experiment/archetypes"
	_ "github.com/plmlab/plmlab/experiment/basins"
	_ "github.com/plmlab/plmlab/experiment/inference"
	_ "github.com/plmlab/plmlab/experiment/landscape"
	_ "github.com/plmlab/plmlab/experiment/mnist"
	_ "github.com/plmlab/plmlab/experiment/proteins"
	_ "github.com/plmlab/plmlab/experiment/randomfeatures"
	_ "github.com/plmlab/plmlab/experiment/replica"
	_ "github.com/plmlab/plmlab/experiment/spinglass"
	_ "github.com/plmlab/plmlab/experiment/training"
	_ "github.com/plmlab/plmlab/experiment/vector"
)
