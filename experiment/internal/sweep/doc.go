// Package sweep holds what several experiment families share: seeded
// streams, load counts, retrieval dynamics, memory estimates for
// validation, the overlaps of memorization → generalization sweeps and
// checks of merged basin curves.
package sweep
