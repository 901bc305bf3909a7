// Package linalg is the one seam through which plmlab's hot matrix products go.
//
// The default backend is gonum's pure-Go BLAS. Building with the tag
// "openblas" (go build -tags openblas, with Debian's libopenblas-dev
// installed) routes the same calls to OpenBLAS through gonum's netlib cgo
// bindings. Nothing else in the module knows which backend is in use.
package linalg
