// Package training holds the experiments of pseudo-likelihood training
// itself (notebooks 01 and 02): LossForms, GradientCheck, ExactConditionals,
// PLTraining, RowEquivalence and ImplicitBias. Each config has Quick and
// Paper presets and runs through experiment.Cached; the package registers
// its experiments with package experiment in an init function (import
// experiment/all to have every family).
package training
