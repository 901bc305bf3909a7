// Package spinglass holds the experiments of the 2D Edwards–Anderson spin
// glass (notebook 07): EA2D (overlaps from training, test and random
// configurations against α) and EASamples (the equilibrium samples). Each
// config has Quick and Paper presets and runs through experiment.Cached; the
// package registers its experiments with package experiment in an init
// function (import experiment/all to have every family).
package spinglass
