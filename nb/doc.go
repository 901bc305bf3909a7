// Package nb is the notebook side of plmlab: what a GoNB cell calls to
// run an experiment and show its figures.
//
//   - Start puts the ECharts library into the page (charts draw offline,
//     also in exported HTML) with the matrix-product backend line.
//   - Run runs an experiment through the cache (experiment.Cached) with a
//     progress bar and, while PL trains, live training curves; an
//     interrupted kernel cancels it, an error stops the cell with its
//     message.
//   - RunDCA, RunTrain and RunBasins do the same for the user's own data
//     (packages experiment/dca and experiment/userdata).
//   - Explore draws an experiment's figures under sliders and selectors
//     (Slider, LogSlider, Select) bound to fields of its config, and
//     redraws them through the cache as the controls move (GoNB's comms;
//     the last value wins). Headless runs draw the first position.
//   - Show and ShowRow display figures (drawn by package plotting); Live
//     and Progress update one output in place while a cell runs.
//
// nb sits above experiment and plotting; nothing below imports it.
package nb
