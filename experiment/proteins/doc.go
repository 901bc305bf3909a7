// Package proteins holds the experiments of beta-lactamase PF13354 as a
// Potts model (notebook 08): Proteins (train and test overlap against α) and
// Contacts (contact predictions). Each config has Quick and Paper presets
// and runs through experiment.Cached; the package registers its experiments
// with package experiment in an init function (import experiment/all to have
// every family).
package proteins
