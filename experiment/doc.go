// Package experiment is the machinery that runs plmlab's experiments; the
// experiments themselves live in one package per family below it
// (experiment/basins, experiment/mnist, …), and experiment/all registers
// them all.
//
// An experiment is a config struct (exported fields with JSON names and a
// help tag that gives the meaning and unit) with
//
//   - Quick() and Paper() presets: defaults that run in about a minute, and
//     the paper's sizes and grids;
//   - Validate, whose error names the bad field (and its flag) and value
//     (NewValidator collects the checks);
//   - Run(ctx, progress), cancellable, reporting progress to a callback
//     (Tracker turns loops into reports);
//
// and its Run returns a plain result struct (JSON- and gob-ready) whose
// Figures method says what it shows as figure data (package figure). A
// family's init function registers its experiments (Register,
// RegisterGrid); the registry (All, Lookup) lists them for commands and
// BindFlags turns a config into command-line flags.
//
// Cached runs an experiment through a content-addressed cache (see Cache):
// the key is the experiment's name, the canonical JSON of its config, the
// files it reads, and the fingerprint of the code of the config's package
// and of the module packages it imports, so a result is never served after
// that code changed and stays valid when other code did.
//
// Sweeps are grids of independent points (GridPoint, with a cost
// estimate): a gridded experiment implements Points, RunPoints and
// Assemble, and Run is RunGrid. Entry.RunShard computes one share of the
// points, balanced by cost (Assign), and Entry.Merge assembles the shares
// of every machine into the result the unsharded run gives
// (scripts/reproduce -shard and merge, scripts/slurm.sh).
//
// Randomness: every draw comes from a seeded stream (the Seed field), and
// every grid point has its own stream, so results do not depend on
// GOMAXPROCS, on the order of work or on the sharding. The package imports
// no chart code and knows nothing about notebooks.
package experiment
