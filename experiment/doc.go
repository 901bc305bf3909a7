// Package experiment holds the paper's experiments, and those of the
// notebooks, as values: each is defined once here, and the notebooks,
// scripts/reproduce, the cache and the tests all call it.
//
// An experiment is a config struct (exported fields with JSON names and a
// help tag that gives the meaning and unit) with
//
//   - Quick() and Paper() presets: defaults that run in about a minute, and
//     the paper's sizes and grids;
//   - Validate, whose error names the bad field (and its flag) and value;
//   - Run(ctx, progress), cancellable, reporting progress to a callback;
//
// and its Run returns a plain result struct (JSON- and gob-ready) whose
// Figures method says what it shows as figure data (package figure).
//
// Cached runs an experiment through a content-addressed cache (see Cache):
// the key is the experiment's name, the canonical JSON of its config, the
// files it reads, and a fingerprint of the library code, so a result is
// never served after the code that computed it changed. The registry (All,
// Lookup) lists every experiment for commands; BindFlags turns a config
// into command-line flags.
//
// Sweeps are grids of independent points (GridPoint, with a cost
// estimate): Entry.RunShard computes one share of them, balanced by cost
// (Assign), and Entry.Merge assembles the shares of every machine into the
// result the unsharded run gives (scripts/reproduce -shard and merge,
// scripts/slurm.sh).
//
// Randomness: every draw comes from a seeded stream (the Seed field), and
// every grid point has its own stream, so results do not depend on
// GOMAXPROCS, on the order of work or on the sharding. The package imports
// no chart code and knows nothing about notebooks.
package experiment
