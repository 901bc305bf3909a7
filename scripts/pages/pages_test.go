package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInspectCountsDrawnCharts(t *testing.T) {
	dom := `<html><body>
<div class="plmlab-chart" id="a"><div><canvas></canvas></div></div>
<div class="x plmlab-chart" id="b"></div>
<div class="plmlab-chart-not" id="c"></div>
</body></html>`
	r, err := inspect([]byte(dom))
	if err != nil {
		t.Fatal(err)
	}
	if r.charts != 2 || r.drawn != 1 || len(r.missing) != 1 || r.missing[0] != "b" {
		t.Errorf("report %+v, want 2 charts, 1 drawn, b missing", r)
	}
}

func TestDescribeAndSite(t *testing.T) {
	page := `<html><body><h1 id="t">3 · Replica theory<a class="anchor-link" href="#t">¶</a></h1><p>Why it works.</p>
<script id="plmlab-echarts">var big = 1;</script><script src="file:///usr/share/javascript/requirejs/require.min.js"></script></body></html>`
	title, summary := describe([]byte(page))
	if title != "3 · Replica theory" || summary != "Why it works." {
		t.Errorf("describe: %q %q", title, summary)
	}
	if _, err := os.Stat("/usr/share/javascript/requirejs/require.min.js"); err != nil {
		t.Skip("Debian's require.js not installed")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "03_x.html")
	os.WriteFile(in, []byte(page), 0o644)
	ech := filepath.Join(dir, "echarts.min.js")
	os.WriteFile(ech, []byte("/* echarts */"), 0o644)
	out := filepath.Join(dir, "site")
	var so, se strings.Builder
	if code := run([]string{"site", "-out", out, "-echarts", ech, in}, &so, &se); code != 0 {
		t.Fatalf("exit %d: %s", code, se.String())
	}
	got, _ := os.ReadFile(filepath.Join(out, "03_x.html"))
	if strings.Contains(string(got), "var big") || !strings.Contains(string(got), `src="assets/echarts.min.js"`) || !strings.Contains(string(got), `src="assets/requirejs/require.min.js"`) {
		t.Errorf("page not rewritten:\n%s", got)
	}
	idx, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !strings.Contains(string(idx), `href="03_x.html">3 · Replica theory`) {
		t.Errorf("index lacks the page:\n%s", idx)
	}
	for _, f := range []string{"assets/echarts.min.js", "assets/requirejs/require.min.js"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("%s not copied", f)
		}
	}
}
