// Package mnist holds the experiments of binarised MNIST, memorization to
// generalization (notebook 06): MNIST and MNISTBinarisation. Each config has
// Quick and Paper presets and runs through experiment.Cached; the package
// registers its experiments with package experiment in an init function
// (import experiment/all to have every family).
package mnist
