// Package kernel holds plmlab's hand-written vector kernels. It is a
// package of its own because Go assembly cannot live in a package that
// uses cgo, as linalg does.
package kernel
