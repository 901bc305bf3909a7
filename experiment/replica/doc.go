// Package replica holds the experiments of the replica theory of the
// stabilities (notebook 03): PDelta (the theory's P_λ(Δ)), PDeltaTrain and
// PDeltaFixed (trained networks against it). Each config has Quick and Paper
// presets and runs through experiment.Cached; the package registers its
// experiments with package experiment in an init function (import
// experiment/all to have every family).
package replica
