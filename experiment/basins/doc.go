// Package basins holds the experiments of basins of attraction of PL
// networks against the classical rules (notebook 04): Basins (m_F against
// m_in), BasinTraining (basin size along training), BasinSize (basin size
// against the load) and CleanPattern (a pattern cleaned step by step). Each
// config has Quick and Paper presets and runs through experiment.Cached; the
// package registers its experiments with package experiment in an init
// function (import experiment/all to have every family).
package basins
