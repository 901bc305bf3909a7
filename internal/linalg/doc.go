// Package linalg is the one seam through which plmlab's hot matrix products go.
//
// The float32 products (Sgemm) use OpenBLAS when the machine has it: the
// shared library (Debian's libopenblas0, which scripts/setup.sh installs) is
// loaded at run time, so one build runs everywhere and no build tag is
// needed. Without it, without cgo (CGO_ENABLED=0, no C compiler), with the
// build tag "purego", or with PLMLAB_BLAS=go in the environment, gonum's
// pure-Go BLAS does the same products: plmlab's own packed GEMM with a
// 12×32 AVX-512 or 6×16 AVX2/FMA micro-kernel (Go assembly, chosen by the
// CPU's features), else gonum's. With OpenBLAS loaded, plmlab's kernel
// still does the classes of products (NN, NT, TN) where "plmlab blas"
// measured it faster on this machine and saved that choice (ChoiceFile).
// Backend says what is in use.
// Vector kernels (the dynamics' flips) are Go assembly in linalg/kernel.
// Nothing else in the module knows which backend is in use.
package linalg
