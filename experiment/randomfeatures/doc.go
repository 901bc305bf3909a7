// Package randomfeatures holds the experiments of random features, where
// attractors move to the features (notebook 05): RandomFeatures (heat maps
// over (α_D, α)) and RFExamples. Each config has Quick and Paper presets and
// runs through experiment.Cached; the package registers its experiments with
// package experiment in an init function (import experiment/all to have
// every family).
package randomfeatures
