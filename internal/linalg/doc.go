// Package linalg is the one seam through which plmlab's hot matrix products go.
//
// The float32 products (Sgemm) use OpenBLAS when the machine has it: the
// shared library (Debian's libopenblas0, which scripts/setup.sh installs) is
// loaded at run time, so one build runs everywhere and no build tag is
// needed. Without it, without cgo (CGO_ENABLED=0, no C compiler), with the
// build tag "purego", or with PLMLAB_BLAS=go in the environment, gonum's
// pure-Go BLAS does the same products. Backend says which one is in use.
// Vector kernels (the dynamics' flips) are Go assembly in linalg/kernel.
// Nothing else in the module knows which backend is in use.
package linalg
