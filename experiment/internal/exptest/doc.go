// Package exptest holds helpers for the experiments' tests: running a
// config without the cache, checking its figures, a toy alignment.
package exptest
