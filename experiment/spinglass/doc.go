// Package spinglass holds the experiments of the 2D Edwards–Anderson spin
// glass (notebook 07): EA2D (overlaps from training, test and random
// configurations against α) and EASamples (the equilibrium samples). Each
// config has Quick and Paper presets and runs through experiment.Cached; the
// package registers its experiments with package experiment in an init
// function (import experiment/all to have every family).
//
// Paper samples a Gaussian instance, the authors' kind; AuthorsL16File is
// the first run of their published L = 16 file and EA2D.AuthorsL16 its
// setting. Every load records what the dip of the overlaps is made of: the
// share of spins a parallel step flips from the final states, their
// energy, the spectrum of the symmetrised couplings and the overlaps of
// sequential updates.
package spinglass
