// Package layers holds the test that keeps plmlab's packages in their
// layers (see docs/architecture.md): it lists the module's import edges
// with the go command and fails on any edge the picture does not allow.
package layers
