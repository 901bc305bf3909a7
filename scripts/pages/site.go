package main

import (
	"bytes"
	"flag"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"golang.org/x/net/html"

	"github.com/plmlab/plmlab/internal/userfile"
	"github.com/plmlab/plmlab/plotting"
)

var (
	inlineECharts = regexp.MustCompile(`(?s)<script id="` + plotting.EChartsScriptID + `">.*?</script>`)
	localJS       = regexp.MustCompile(`file:///usr/share/javascript/([A-Za-z0-9_./-]+)`)
	// notebookLink is a link from one notebook to another (NAME.ipynb,
	// with an optional #fragment): in the site it goes to NAME.html.
	notebookLink = regexp.MustCompile(`href="([A-Za-z0-9_-]+)\.ipynb(#[^"]*)?"`)
)

// mathjaxParts are the parts of Debian's MathJax 2 that the notebook pages
// use (TeX input, CommonHTML output and its woff fonts), not its 54 MB.
var mathjaxParts = []string{"MathJax.js", "config", "extensions", "jax/input/TeX", "jax/output/CommonHTML", "jax/element", "localization/en", "fonts/HTML-CSS/TeX/woff"}

type entry struct {
	File, Title, Summary string
	Notebook             string // the .ipynb in the site, or ""
	Live                 bool   // the page has explorer cells, live in Jupyter
}

// explorerMark is the class of the note an explorer cell leaves in a
// headless run (package nb).
const explorerMark = "plmlab-explorer-static"

// siteOptions are the flags of pages site.
type siteOptions struct {
	out, echarts, title, notebooks, docs string
	pages                                []string
}

func site(args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("site", flag.ContinueOnError)
	fset.SetOutput(stderr)
	var o siteOptions
	fset.StringVar(&o.out, "out", "site", "output directory")
	fset.StringVar(&o.echarts, "echarts", "", "echarts.min.js to publish (default: the one scripts/setup.sh installed)")
	fset.StringVar(&o.title, "title", "plmlab: pseudo-likelihood associative memories", "title of the index page")
	fset.StringVar(&o.notebooks, "notebooks", "notebooks", "folder of the notebooks NAME.ipynb behind the pages NAME.html (copied into the site for download; their metadata.plmlab.summary is the index's summary)")
	fset.StringVar(&o.docs, "docs", "", "folder of the manual's Markdown pages (NAME.md → NAME.html in the site), e.g. docs")
	if err := fset.Parse(args); err != nil {
		return 2
	}
	if fset.NArg() == 0 {
		fmt.Fprintln(stderr, "pages site: no pages given")
		return 2
	}
	o.pages = slices.Clone(fset.Args())
	n, m, err := buildSite(o)
	if err != nil {
		fmt.Fprintln(stderr, "pages site:", err)
		return 1
	}
	fmt.Fprintf(stdout, "site: %d pages, %d manual pages and index.html in %s\n", n, m, o.out)
	return 0
}

// buildSite writes the site and returns its numbers of notebook and
// manual pages.
func buildSite(o siteOptions) (int, int, error) {
	if err := copyECharts(o); err != nil {
		return 0, 0, err
	}
	// Pages in the order of their file names: the index's order and the
	// previous/next links'.
	sort.SliceStable(o.pages, func(a, b int) bool { return filepath.Base(o.pages[a]) < filepath.Base(o.pages[b]) })
	libs := map[string]bool{}
	srcs, entries, err := readPages(o, libs)
	if err != nil {
		return 0, 0, err
	}
	if err := writeWithNavigation(o.out, srcs, entries); err != nil {
		return 0, 0, err
	}
	manual, err := writeManual(o)
	if err != nil {
		return 0, 0, err
	}
	if err := copyLibraries(o.out, libs); err != nil {
		return 0, 0, err
	}
	var idx bytes.Buffer
	if err := indexTpl.Execute(&idx, map[string]any{"Title": o.title, "Entries": entries, "Manual": manual, "MathJax": libs["mathjax"], "Citation": citation}); err != nil {
		return 0, 0, err
	}
	return len(entries), len(manual), userfile.WriteFile(filepath.Join(o.out, "index.html"), idx.Bytes())
}

// copyECharts puts the one shared copy of ECharts into the site's assets.
func copyECharts(o siteOptions) error {
	ech := o.echarts
	if ech == "" {
		p, err := plotting.FindECharts()
		if err != nil {
			return err
		}
		ech = p
	}
	if err := os.MkdirAll(filepath.Join(o.out, "assets"), 0o755); err != nil {
		return err
	}
	if err := copyFile(ech, filepath.Join(o.out, "assets", "echarts.min.js")); err != nil {
		return fmt.Errorf("ECharts: %w", err)
	}
	return nil
}

// readPages reads the rendered notebooks and rewrites them for the site:
// ECharts and Debian's JavaScript libraries from assets/ (libs collects
// those used), links between notebooks to their pages; it copies each
// page's notebook for download.
func readPages(o siteOptions, libs map[string]bool) ([][]byte, []entry, error) {
	inSite := map[string]bool{}
	for _, path := range o.pages {
		inSite[filepath.Base(path)] = true
	}
	var srcs [][]byte
	var entries []entry
	for _, path := range o.pages {
		src, err := userfile.Read(path, maxPageBytes)
		if err != nil {
			return nil, nil, err
		}
		src = inlineECharts.ReplaceAll(src, []byte(`<script id="`+plotting.EChartsScriptID+`" src="assets/echarts.min.js"></script>`))
		src = localJS.ReplaceAllFunc(src, func(m []byte) []byte {
			rel := string(localJS.FindSubmatch(m)[1])
			lib, ok := libraryOf(rel)
			if !ok {
				return m // not a library's file: left as it is, nothing copied
			}
			libs[lib] = true
			return []byte("assets/" + rel)
		})
		src = notebookLink.ReplaceAllFunc(src, func(m []byte) []byte {
			g := notebookLink.FindSubmatch(m)
			if !inSite[string(g[1])+".html"] {
				return m
			}
			return []byte(`href="` + string(g[1]) + ".html" + string(g[2]) + `"`)
		})
		name := filepath.Base(path)
		t, sum := describe(src)
		if t == "" {
			t = strings.TrimSuffix(name, ".html")
		}
		e := entry{File: name, Title: t, Summary: wholeSentences(sum), Live: bytes.Contains(src, []byte(explorerMark))}
		nb := filepath.Join(o.notebooks, strings.TrimSuffix(name, ".html")+".ipynb")
		if _, err := os.Stat(nb); err == nil {
			if err := copyFile(nb, filepath.Join(o.out, "notebooks", filepath.Base(nb))); err != nil {
				return nil, nil, err
			}
			e.Notebook = "notebooks/" + filepath.Base(nb)
			if s := notebookSummary(nb); s != "" {
				e.Summary = s
			}
		}
		srcs, entries = append(srcs, src), append(entries, e)
	}
	return srcs, entries, nil
}

// writeWithNavigation writes each page with its navigation bar (previous
// and next in the order of entries) into dir.
func writeWithNavigation(dir string, srcs [][]byte, entries []entry) error {
	for k, e := range entries {
		var prev, next *entry
		if k > 0 {
			prev = &entries[k-1]
		}
		if k+1 < len(entries) {
			next = &entries[k+1]
		}
		src, err := withNavigation(srcs[k], e, prev, next)
		if err != nil {
			return fmt.Errorf("%s: %w", e.File, err)
		}
		if err := userfile.WriteFile(filepath.Join(dir, e.File), src); err != nil {
			return err
		}
	}
	return nil
}

// copyLibraries copies the JavaScript libraries the pages use (of MathJax,
// only the parts they use).
func copyLibraries(out string, libs map[string]bool) error {
	for lib := range libs {
		from := filepath.Join(javascriptDir, lib)
		parts := []string{""}
		if lib == "mathjax" {
			parts = mathjaxParts
		}
		for _, p := range parts {
			if err := copyTree(filepath.Join(from, p), filepath.Join(out, "assets", lib, p)); err != nil {
				return fmt.Errorf("copying %s: %w", lib, err)
			}
		}
	}
	return nil
}

// visibleText is the text of a node without nbconvert's "¶" anchor links.
func visibleText(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if !(c.Type == html.ElementNode && c.Data == "a" && attr(c, "class") == "anchor-link") {
			b.WriteString(visibleText(c))
		}
	}
	return b.String()
}

// describe returns a page's first h1 and the first paragraph after it.
func describe(page []byte) (title, summary string) {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return "", ""
	}
	text := visibleText
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.ElementNode {
			switch {
			case n.Data == "h1" && title == "":
				title = strings.TrimSpace(text(n))
			case n.Data == "p" && title != "" && summary == "":
				summary = strings.TrimSpace(text(n))
				return true
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(doc)
	return title, summary
}

// javascriptDir holds Debian's JavaScript libraries, one folder each.
const javascriptDir = "/usr/share/javascript"

// libraryOf returns the library folder a path below javascriptDir belongs
// to, and false unless the path stays inside one real library folder: no
// "." or ".." component (file:///usr/share/javascript/../ would copy all of
// /usr/share), and a first component that is a folder there.
func libraryOf(rel string) (string, bool) {
	parts := strings.Split(rel, "/")
	for _, p := range parts {
		if p == "" || p == "." || p == ".." {
			return "", false
		}
	}
	if len(parts) < 2 {
		return "", false
	}
	st, err := os.Stat(filepath.Join(javascriptDir, parts[0]))
	return parts[0], err == nil && st.IsDir()
}

// maxAssetBytes bounds one file copied into the site: 64 MiB.
const maxAssetBytes = 64 << 20

func copyFile(from, to string) error {
	data, err := userfile.Read(from, maxAssetBytes)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	return userfile.WriteFile(to, data)
}

func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		if !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
			return nil // a FIFO or device in a library folder: not an asset
		}
		return copyFile(p, dst)
	})
}

var indexTpl = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:820px;margin:2em auto;padding:0 1em;line-height:1.5;color:#222}
a{color:#0072B2}li{margin:.8em 0}.s{color:#555;font-size:95%}.d{font-size:85%;margin-left:.5em}</style>
{{if .MathJax}}<script type="text/x-mathjax-config">MathJax.Hub.Config({tex2jax:{inlineMath:[['$','$'],['\\(','\\)']],processEscapes:true}});</script>
<script src="assets/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"></script>{{end}}</head>
<body><h1>{{.Title}}</h1>
<p>Rendered notebooks of <a href="https://arxiv.org/abs/2507.05147">D'Amico et al., <i>Pseudo-likelihood produces associative memories able to generalize, even for asymmetric couplings</i></a>, reproduced with plmlab (Go + GoNB). The charts are interactive and work offline. Pages marked <i>live in Jupyter</i> have explorer cells: opened in Jupyter with plmlab (<code>scripts/start.sh</code>), they show sliders and selectors that redraw their figures; here they show the first position.</p>
<ol>{{range .Entries}}<li><a href="{{.File}}">{{.Title}}</a>{{if .Notebook}} <a class="d" href="{{.Notebook}}" download>.ipynb</a>{{end}}{{if .Live}} <span class="d">· live in Jupyter</span>{{end}}<div class="s">{{.Summary}}</div></li>{{end}}</ol>
{{if .Manual}}<h2>Manual</h2>
<ul>{{range .Manual}}<li><a href="{{.File}}">{{.Title}}</a><div class="s">{{.Summary}}</div></li>{{end}}</ul>{{end}}
<p class="s">Cite: {{.Citation}}</p>
</body></html>
`))

// maxPageBytes bounds a page or notebook that is read: 256 MiB (a rendered
// notebook with inline charts and images is a few MB).
const maxPageBytes = 256 << 20
