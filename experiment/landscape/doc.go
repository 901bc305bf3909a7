// Package landscape holds the experiments of the Hopfield landscape at
// finite temperature and its RBM dual (notebook 10): PhaseDiagram (heat-bath
// retrieval over (α, T) with the AGS lines), RetrievalTrace (one (α, T)
// watched sweep by sweep), RBMDuality and RBMMNIST. Each
// config has Quick and Paper presets and runs through experiment.Cached; the
// package registers its experiments with package experiment in an init
// function (import experiment/all to have every family).
package landscape
