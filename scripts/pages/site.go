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
}

func site(args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("site", flag.ContinueOnError)
	fset.SetOutput(stderr)
	out := fset.String("out", "site", "output directory")
	ech := fset.String("echarts", "", "echarts.min.js to publish (default: the one scripts/setup.sh installed)")
	title := fset.String("title", "plmlab: pseudo-likelihood associative memories", "title of the index page")
	nbDir := fset.String("notebooks", "notebooks", "folder of the notebooks NAME.ipynb behind the pages NAME.html (copied into the site for download; their metadata.plmlab.summary is the index's summary)")
	if err := fset.Parse(args); err != nil {
		return 2
	}
	if fset.NArg() == 0 {
		fmt.Fprintln(stderr, "pages site: no pages given")
		return 2
	}
	if *ech == "" {
		p, err := plotting.FindECharts()
		if err != nil {
			fmt.Fprintln(stderr, "pages site:", err)
			return 1
		}
		*ech = p
	}
	if err := os.MkdirAll(filepath.Join(*out, "assets"), 0o755); err != nil {
		fmt.Fprintln(stderr, "pages site:", err)
		return 1
	}
	if err := copyFile(*ech, filepath.Join(*out, "assets", "echarts.min.js")); err != nil {
		fmt.Fprintln(stderr, "pages site: ECharts:", err)
		return 1
	}
	// Pages in the order of their file names: the index's order and the
	// previous/next links'.
	paths := slices.Clone(fset.Args())
	sort.SliceStable(paths, func(a, b int) bool { return filepath.Base(paths[a]) < filepath.Base(paths[b]) })
	var srcs [][]byte
	var entries []entry
	libs := map[string]bool{}
	inSite := map[string]bool{}
	for _, path := range paths {
		inSite[filepath.Base(path)] = true
	}
	for _, path := range paths {
		src, err := userfile.Read(path, maxPageBytes)
		if err != nil {
			fmt.Fprintln(stderr, "pages site:", err)
			return 1
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
		name := filepath.Base(path)
		src = notebookLink.ReplaceAllFunc(src, func(m []byte) []byte {
			g := notebookLink.FindSubmatch(m)
			if !inSite[string(g[1])+".html"] {
				return m
			}
			return []byte(`href="` + string(g[1]) + ".html" + string(g[2]) + `"`)
		})
		t, sum := describe(src)
		if t == "" {
			t = strings.TrimSuffix(name, ".html")
		}
		e := entry{File: name, Title: t, Summary: wholeSentences(sum)}
		nb := filepath.Join(*nbDir, strings.TrimSuffix(name, ".html")+".ipynb")
		if _, err := os.Stat(nb); err == nil {
			if err := copyFile(nb, filepath.Join(*out, "notebooks", filepath.Base(nb))); err != nil {
				fmt.Fprintln(stderr, "pages site:", err)
				return 1
			}
			e.Notebook = "notebooks/" + filepath.Base(nb)
			if s := notebookSummary(nb); s != "" {
				e.Summary = s
			}
		}
		srcs, entries = append(srcs, src), append(entries, e)
	}
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
			fmt.Fprintf(stderr, "pages site: %s: %v\n", e.File, err)
			return 1
		}
		if err := userfile.WriteFile(filepath.Join(*out, e.File), src); err != nil {
			fmt.Fprintln(stderr, "pages site:", err)
			return 1
		}
	}
	for lib := range libs {
		from := filepath.Join(javascriptDir, lib)
		parts := []string{""}
		if lib == "mathjax" {
			parts = mathjaxParts
		}
		for _, p := range parts {
			if err := copyTree(filepath.Join(from, p), filepath.Join(*out, "assets", lib, p)); err != nil {
				fmt.Fprintf(stderr, "pages site: copying %s: %v\n", lib, err)
				return 1
			}
		}
	}
	var idx bytes.Buffer
	if err := indexTpl.Execute(&idx, map[string]any{"Title": *title, "Entries": entries, "MathJax": libs["mathjax"], "Citation": citation}); err != nil {
		fmt.Fprintln(stderr, "pages site:", err)
		return 1
	}
	if err := userfile.WriteFile(filepath.Join(*out, "index.html"), idx.Bytes()); err != nil {
		fmt.Fprintln(stderr, "pages site:", err)
		return 1
	}
	fmt.Fprintf(stdout, "site: %d pages and index.html in %s\n", len(entries), *out)
	return 0
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
<p>Rendered notebooks of <a href="https://arxiv.org/abs/2507.05147">D'Amico et al., <i>Pseudo-likelihood produces associative memories able to generalize, even for asymmetric couplings</i></a>, reproduced with plmlab (Go + GoNB). The charts are interactive and work offline.</p>
<ol>{{range .Entries}}<li><a href="{{.File}}">{{.Title}}</a>{{if .Notebook}} <a class="d" href="{{.Notebook}}" download>.ipynb</a>{{end}}<div class="s">{{.Summary}}</div></li>{{end}}</ol>
<p class="s">Cite: {{.Citation}}</p>
</body></html>
`))

// maxPageBytes bounds a page or notebook that is read: 256 MiB (a rendered
// notebook with inline charts and images is a few MB).
const maxPageBytes = 256 << 20
