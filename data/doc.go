// Package data provides plmlab's datasets: generators (random patterns,
// random features, spin-glass Monte Carlo) and loaders (MNIST, protein
// alignments), plus a small on-disk cache so that notebook cells can reuse
// expensive results. Every loader names the bad or missing input in its
// errors.
package data
