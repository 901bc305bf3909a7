package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
	out := publishOne(t, "03_x.html", page)
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

func TestWholeSentences(t *testing.T) {
	for in, want := range map[string]string{
		"Why it works.": "Why it works.",
		"This notebook derives the loss and checks it numerically:":       "This notebook derives the loss and checks it numerically.",
		"Random patterns have no structure. The model has: $D$ features,": "Random patterns have no structure.",
		"Samples of an Ising model $$p(s)=e^{-H}$$ are given. Recover J":  "Samples of an Ising model are given.",
		"": "",
	} {
		if got := wholeSentences(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// The site links every page to the index, its neighbours, its notebook
// and its sections, cites the paper, and takes the index's summary from
// the notebook; every local link of the result resolves.
func TestSiteNavigation(t *testing.T) {
	dir := t.TempDir()
	nbs := filepath.Join(dir, "notebooks")
	os.MkdirAll(nbs, 0o755)
	var pages []string
	for _, name := range []string{"01_a", "02_b", "03_c"} {
		page := `<html><head></head><body><h1 id="T">` + name + `</h1><p>First paragraph of ` + name + `, cut:</p>` +
			`<p>See <a href="01_a.ipynb#Results">notebook 1</a> and <a href="99_z.ipynb">a notebook not in the site</a>.</p>` +
			`<h2 id="Parameters">Parameters<a class="anchor-link" href="#Parameters">¶</a></h2><h2 id="Results">Results</h2>`
		if name == "02_b" {
			page += `<p class="plmlab-explorer-static">▶ Drawn at α = 0.4.</p>`
		}
		page += `</body></html>`
		p := filepath.Join(dir, name+".html")
		os.WriteFile(p, []byte(page), 0o644)
		pages = append(pages, p)
		if name != "03_c" {
			os.WriteFile(filepath.Join(nbs, name+".ipynb"), []byte(`{"metadata":{"plmlab":{"summary":"Summary of `+name+`."}},"cells":[]}`), 0o644)
		}
	}
	ech := filepath.Join(dir, "echarts.min.js")
	os.WriteFile(ech, []byte("/* echarts */"), 0o644)
	out := filepath.Join(dir, "site")
	var so, se strings.Builder
	if code := run(append([]string{"site", "-out", out, "-echarts", ech, "-notebooks", nbs}, pages...), &so, &se); code != 0 {
		t.Fatalf("exit %d: %s", code, se.String())
	}
	b, _ := os.ReadFile(filepath.Join(out, "02_b.html"))
	page := string(b)
	for _, want := range []string{`href="index.html"`, `href="01_a.html" rel="prev"`, `href="03_c.html" rel="next"`, `href="notebooks/02_b.ipynb" download`,
		`href="#Parameters">Parameters</a>`, `href="#Results">Results</a>`, "arXiv:2507.05147", `href="01_a.html#Results"`, `href="99_z.ipynb"`} {
		if !strings.Contains(page, want) {
			t.Errorf("02_b.html lacks %s", want)
		}
	}
	first, _ := os.ReadFile(filepath.Join(out, "01_a.html"))
	if strings.Contains(string(first), `rel="prev"`) {
		t.Error("the first page links to a previous one")
	}
	idx, _ := os.ReadFile(filepath.Join(out, "index.html"))
	for _, want := range []string{"Summary of 01_a.", "First paragraph of 03_c, cut.", `href="notebooks/01_a.ipynb"`} {
		if !strings.Contains(string(idx), want) {
			t.Errorf("index lacks %q", want)
		}
	}
	if n := strings.Count(string(idx), "· live in Jupyter"); n != 1 || !strings.Contains(string(idx), `02_b.ipynb" download>.ipynb</a> <span class="d">· live in Jupyter`) {
		t.Errorf("index marks %d pages live, want 02_b only", n)
	}
	for _, f := range []string{"index.html", "01_a.html", "02_b.html", "03_c.html"} {
		p := filepath.Join(out, f)
		src, _ := os.ReadFile(p)
		if broken := brokenLinks(p, src); len(broken) != 0 && !(f != "index.html" && len(broken) == 1 && strings.Contains(broken[0], "99_z.ipynb")) {
			t.Errorf("%s: broken links %v (only the link to a notebook outside the site is expected)", f, broken)
		}
	}
}

// A missing file, a missing id in another page and in the page itself are
// broken; other sites and existing targets are not.
func TestBrokenLinks(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "other.html"), []byte(`<html><body><h2 id="here">x</h2></body></html>`), 0o644)
	os.WriteFile(filepath.Join(dir, "app.js"), []byte(``), 0o644)
	dom := `<html><head><script src="app.js"></script><script src="gone.js"></script></head><body id="top">
<a href="other.html#here">ok</a><a href="other.html#nowhere">bad id</a><a href="#top">ok</a><a href="#missing">bad</a>
<a href="https://arxiv.org/abs/2507.05147">external</a><a href="mailto:x@y">mail</a><a href="sub/none.ipynb">bad file</a></body></html>`
	broken := brokenLinks(filepath.Join(dir, "page.html"), []byte(dom))
	got := strings.Join(broken, "|")
	if len(broken) != 4 || !strings.Contains(got, "gone.js") || !strings.Contains(got, `no id "nowhere" in other.html`) ||
		!strings.Contains(got, "#missing") || !strings.Contains(got, "sub/none.ipynb") {
		t.Errorf("broken: %q", broken)
	}
}

// nbconvert writes ids percent-encoded; browsers find them from either
// form of the fragment.
func TestEncodedFragments(t *testing.T) {
	dom := `<html><body><h1 id="12-%C2%B7-Title">t<a class="anchor-link" href="#12-%C2%B7-Title">¶</a></h1><h2 id="α-load">x</h2><a href="#%CE%B1-load">y</a></body></html>`
	if broken := brokenLinks(filepath.Join(t.TempDir(), "p.html"), []byte(dom)); len(broken) > 0 {
		t.Errorf("broken: %v", broken)
	}
}

// Only paths inside one real library folder of /usr/share/javascript are
// copied into a site: never "..", ".", an empty component or a file at the
// top.
func TestLibraryOf(t *testing.T) {
	if st, err := os.Stat("/usr/share/javascript/requirejs"); err != nil || !st.IsDir() {
		t.Skip("Debian's require.js not installed")
	}
	for _, c := range []struct {
		rel  string
		lib  string
		want bool
	}{
		{"requirejs/require.min.js", "requirejs", true},
		{"../", "", false},
		{"../../etc/passwd", "", false},
		{"requirejs/../../", "", false},
		{"requirejs/./require.min.js", "", false},
		{"requirejs//require.min.js", "", false},
		{"./requirejs/require.min.js", "", false},
		{"requirejs", "", false},
		{"no-such-library/x.js", "no-such-library", false},
	} {
		lib, ok := libraryOf(c.rel)
		if ok != c.want || (ok && lib != c.lib) {
			t.Errorf("libraryOf(%q) = %q, %v; want %q, %v", c.rel, lib, ok, c.lib, c.want)
		}
	}
	// A page naming the parent folder is published with the reference
	// untouched and nothing copied.
	out := publishOne(t, "01_x.html", `<html><body><h1>x</h1><a href="file:///usr/share/javascript/../">up</a></body></html>`)
	if entries, _ := os.ReadDir(filepath.Join(out, "assets")); len(entries) != 1 {
		t.Errorf("assets: %d entries, want only echarts.min.js", len(entries))
	}
}

// publishOne publishes one page of the given name and source with a stand-in
// ECharts, and returns the site's folder.
func publishOne(t *testing.T, name, page string) string {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, name)
	os.WriteFile(in, []byte(page), 0o644)
	ech := filepath.Join(dir, "echarts.min.js")
	os.WriteFile(ech, []byte("/* echarts */"), 0o644)
	out := filepath.Join(dir, "site")
	var so, se strings.Builder
	if code := run([]string{"site", "-out", out, "-echarts", ech, in}, &so, &se); code != 0 {
		t.Fatalf("exit %d: %s", code, se.String())
	}
	return out
}

// The manual's Markdown pages are published next to the notebooks: links
// between them go to their HTML, tables and heading anchors work, the
// index lists them, and a page named like a notebook's is refused.
func TestManualPages(t *testing.T) {
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	os.MkdirAll(docs, 0o755)
	os.WriteFile(filepath.Join(docs, "alpha.md"), []byte("# Alpha page\n\nFirst words. See [beta](beta.md#the-table).\n"), 0o644)
	os.WriteFile(filepath.Join(docs, "beta.md"), []byte("# Beta\n\n## The table\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"), 0o644)
	in := filepath.Join(dir, "01_x.html")
	os.WriteFile(in, []byte(`<html><body><h1>x</h1></body></html>`), 0o644)
	ech := filepath.Join(dir, "echarts.min.js")
	os.WriteFile(ech, []byte("/* echarts */"), 0o644)
	out := filepath.Join(dir, "site")
	var so, se strings.Builder
	if code := run([]string{"site", "-out", out, "-echarts", ech, "-docs", docs, in}, &so, &se); code != 0 {
		t.Fatalf("exit %d: %s", code, se.String())
	}
	alpha, _ := os.ReadFile(filepath.Join(out, "alpha.html"))
	beta, _ := os.ReadFile(filepath.Join(out, "beta.html"))
	index, _ := os.ReadFile(filepath.Join(out, "index.html"))
	for _, c := range []struct {
		page []byte
		want string
	}{
		{alpha, `href="beta.html#the-table"`},
		{alpha, `<title>Alpha page</title>`},
		{alpha, `rel="next">Beta →`},
		{beta, `id="the-table"`},
		{beta, `<td>2</td>`},
		{index, `<a href="alpha.html">Alpha page</a>`},
		{index, `First words.`},
	} {
		if !strings.Contains(string(c.page), c.want) {
			t.Errorf("missing %q in\n%s", c.want, c.page)
		}
	}
	if bl := brokenLinks(filepath.Join(out, "alpha.html"), alpha); len(bl) > 0 {
		t.Errorf("broken links %v", bl)
	}
	os.WriteFile(filepath.Join(docs, "01_x.md"), []byte("# clash\n"), 0o644)
	se.Reset()
	if code := run([]string{"site", "-out", out, "-echarts", ech, "-docs", docs, in}, &so, &se); code == 0 || !strings.Contains(se.String(), "would replace the page 01_x.html") {
		t.Errorf("a manual page named like a notebook page: exit %d, %s", code, se.String())
	}
}

// A Chromium run killed by the time limit is retried once; a second kill
// fails the page.
func TestHeadlessRetriesOnce(t *testing.T) {
	dir := t.TempDir()
	count := filepath.Join(dir, "count")
	fake := filepath.Join(dir, "chromium")
	// Sleeps on its first call (or on every call with ALWAYS set), prints a
	// page otherwise.
	script := "#!/bin/sh\necho x >> " + count + "\nif [ -n \"$ALWAYS\" ] || [ $(wc -l < " + count + ") -eq 1 ]; then exec sleep 120; fi\necho '<html>ok</html>'\n"
	if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "p.html")
	os.WriteFile(page, []byte("<html></html>"), 0o644)
	old := pageTimeout
	pageTimeout = 3 * time.Second // the quick fake answers in milliseconds; stalls sleep far longer
	defer func() { pageTimeout = old }()
	out, err := headless(fake, page, "--dump-dom")
	if err != nil || !strings.Contains(string(out), "ok") {
		t.Fatalf("after one stall: %q, %v", out, err)
	}
	t.Setenv("ALWAYS", "1")
	if _, err := headless(fake, page, "--dump-dom"); err == nil || !strings.Contains(err.Error(), "killed after") {
		t.Errorf("two stalls: %v", err)
	}
	if b, _ := os.ReadFile(count); strings.Count(string(b), "x") != 4 {
		t.Errorf("%d runs, want 2 + 2", strings.Count(string(b), "x"))
	}
}
