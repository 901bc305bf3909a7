// Package userdata trains pseudo-likelihood networks on a user's own ±1
// patterns and measures their basins: what `plmlab train` and `plmlab
// basins` (scripts/plmlab) and notebook 13 run.
package userdata
