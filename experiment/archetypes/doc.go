// Package archetypes holds the experiments of archetypes learned from
// blurred examples (notebook 11): ArchetypeLearning, the overlap with the
// archetype against the number of examples, PL against supervised and
// unsupervised Hebb. Each config has Quick and Paper presets and runs
// through experiment.Cached; the package registers its experiments with
// package experiment in an init function (import experiment/all to have
// every family).
package archetypes
