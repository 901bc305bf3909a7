// Package data provides plmlab's datasets: generators (random patterns,
// random features, spin-glass Monte Carlo) and loaders (MNIST, protein
// alignments). Every loader names the bad or missing input in its
// errors.
package data
