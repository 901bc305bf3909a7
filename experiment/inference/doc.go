// Package inference holds the experiments of PL as an inference tool
// (notebook 12): Inference, the reconstruction error of the couplings
// against the number of samples, PL against maximum likelihood, mean-field,
// TAP, Bethe and independent pairs, on the 2D spin glass and a 2D
// ferromagnet. Each config has Quick and Paper presets and runs through
// experiment.Cached; the package registers its experiments with package
// experiment in an init function (import experiment/all to have every
// family).
package inference
