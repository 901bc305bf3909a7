// Package vector holds the experiments of vector spins and attention
// (notebook 09): VectorMemory (basins of vector Hebb and PL couplings) and
// SelfAttention. Each config has Quick and Paper presets and runs through
// experiment.Cached; the package registers its experiments with package
// experiment in an init function (import experiment/all to have every
// family).
package vector
