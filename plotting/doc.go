// Package plotting draws plmlab's results: static SVG/PNG figures with
// gonum/plot for scripts/reproduce and papers. It is the only package that
// turns results into pictures; plm and data know nothing about it.
//
// A Panel is the plain, JSON-ready description of one paper panel (named
// series and heat maps with their parameters); SavePanel writes it as
// PANEL.json, PANEL.svg and PANEL.png.
package plotting
