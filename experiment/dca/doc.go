// Package dca runs pseudo-likelihood inference on an alignment as plmc
// does (direct coupling analysis): read the alignment with plmc's
// conventions, weight the sequences, find the MAP Potts model by L-BFGS,
// score the pairs, and, given a structure, measure the contact precision.
// The command scripts/plmlab (dca) and notebook 13 call Run; nothing else
// writes the pipeline again.
package dca
