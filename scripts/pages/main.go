// Command pages checks and publishes rendered notebook pages.
//
//	go run ./scripts/pages check [-screenshots DIR] PAGE.html...
//
// opens every page in headless Chromium (offline) and checks that every
// chart drew (each element of class "plmlab-chart" must hold a <canvas>
// once the scripts have run) and that every local link resolves (files,
// file:// URLs, #fragments to ids). It exits 1 on a chart not drawn or a
// broken link.
//
//	go run ./scripts/pages site -out DIR [-echarts FILE] PAGE.html...
//
// writes a self-contained static site: an index page and one page per
// notebook, with one shared copy of ECharts (and of MathJax and require.js
// where the pages used local copies), ready to host or open offline. Every
// page gets a bar with links to the index, the previous and next notebook,
// the notebook's .ipynb (copied from -notebooks DIR, default notebooks)
// and its sections, and the paper's citation at its end.
package main

import (
	"fmt"
	"io"
	"os"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: pages check [-screenshots DIR] PAGE.html... | pages site -out DIR PAGE.html...")
		return 2
	}
	switch args[0] {
	case "check":
		return check(args[1:], stdout, stderr)
	case "site":
		return site(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "pages: unknown command %q (want check or site)\n", args[0])
	return 2
}
