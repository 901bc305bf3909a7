package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/plmlab/plmlab/internal/userfile"
	"golang.org/x/net/html"
)

// pageTimeout bounds one Chromium run on one page.
var pageTimeout = 3 * time.Minute

// chromium finds a Chromium or Chrome binary ($CHROME first).
func chromium() (string, error) {
	if c := os.Getenv("CHROME"); c != "" {
		return c, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chromium found: run scripts/setup.sh --browser (apt-get install chromium) or set CHROME")
}

// headless runs Chromium offline on a page with extra arguments and returns
// its standard output. A run the time limit kills is tried once more with a
// fresh profile: on a loaded machine Chromium can stall at start-up, and a
// page that cannot render fails both tries.
func headless(bin, page string, extra ...string) ([]byte, error) {
	out, err := headlessOnce(bin, page, extra...)
	if errors.Is(err, context.DeadlineExceeded) {
		out, err = headlessOnce(bin, page, extra...)
	}
	return out, err
}

func headlessOnce(bin, page string, extra ...string) ([]byte, error) {
	prof, err := os.MkdirTemp("", "plmlab-chromium-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(prof)
	abs, err := filepath.Abs(page)
	if err != nil {
		return nil, err
	}
	args := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + prof, "--virtual-time-budget=20000"}
	args = append(append(args, extra...), "file://"+abs)
	ctx, cancel := context.WithTimeout(context.Background(), pageTimeout)
	defer cancel()
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout = &out
	cmd.Stderr = io.Discard
	// Chromium's helper processes inherit its output: once it is killed,
	// stop waiting for them to close it.
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("chromium on %s: killed after %v: %w", page, pageTimeout, ctx.Err())
		}
		return nil, fmt.Errorf("chromium on %s: %w", page, err)
	}
	return out.Bytes(), nil
}

// pageReport counts the charts of a rendered DOM and those ECharts drew.
type pageReport struct {
	charts, drawn int
	missing       []string // ids of charts without a canvas
}

func hasClass(n *html.Node, class string) bool {
	for _, a := range n.Attr {
		if a.Key == "class" {
			for _, c := range strings.Fields(a.Val) {
				if c == class {
					return true
				}
			}
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func containsCanvas(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if (c.Type == html.ElementNode && c.Data == "canvas") || containsCanvas(c) {
			return true
		}
	}
	return false
}

func inspect(dom []byte) (pageReport, error) {
	doc, err := html.Parse(bytes.NewReader(dom))
	if err != nil {
		return pageReport{}, err
	}
	var r pageReport
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "div" && hasClass(n, "plmlab-chart") {
			r.charts++
			if containsCanvas(n) {
				r.drawn++
			} else {
				r.missing = append(r.missing, attr(n, "id"))
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return r, nil
}

func check(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	shots := fs.String("screenshots", "", "also save a PNG screenshot of each page in this directory")
	links := fs.Bool("links", true, "check that every local link resolves (off for pages outside the site, whose notebook links point at .ipynb files)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "pages check: no pages given")
		return 2
	}
	bin, err := chromium()
	if err != nil {
		fmt.Fprintln(stderr, "pages check:", err)
		return 1
	}
	passed, failed := 0, 0
	for _, page := range fs.Args() {
		src, err := userfile.Read(page, maxPageBytes)
		if err != nil {
			fmt.Fprintln(stderr, "pages check:", err)
			failed++
			continue
		}
		dom, err := headless(bin, page, "--dump-dom")
		if err != nil {
			fmt.Fprintln(stderr, "pages check:", err)
			failed++
			continue
		}
		r, err := inspect(dom)
		if err != nil {
			fmt.Fprintf(stderr, "pages check: %s: %v\n", page, err)
			failed++
			continue
		}
		// Charts are written into the page source as divs of their class;
		// a page whose source has charts must show every one drawn.
		want := strings.Count(string(src), `class="plmlab-chart"`)
		ok := r.charts == r.drawn && r.charts >= want && !(want > 0 && r.charts == 0)
		var broken []string
		if *links {
			broken = brokenLinks(page, dom)
		}
		status := "ok"
		switch {
		case !ok:
			status = fmt.Sprintf("FAIL (not drawn: %v)", r.missing)
		case len(broken) > 0:
			status = fmt.Sprintf("FAIL (%d broken local links: %s)", len(broken), strings.Join(broken, "; "))
		}
		if status == "ok" {
			passed++
		} else {
			failed++
		}
		fmt.Fprintf(stdout, "%s: %d charts in the source, %d on the page, %d drawn, %d local links — %s\n", filepath.Base(page), want, r.charts, r.drawn, len(localLinks(dom)), status)
		if *shots != "" {
			if err := os.MkdirAll(*shots, 0o755); err == nil {
				png := filepath.Join(*shots, strings.TrimSuffix(filepath.Base(page), ".html")+".png")
				pngAbs, _ := filepath.Abs(png)
				if _, err := headless(bin, page, "--window-size=1280,5000", "--hide-scrollbars", "--screenshot="+pngAbs); err != nil {
					fmt.Fprintln(stderr, "pages check: screenshot:", err)
				}
			}
		}
	}
	fmt.Fprintf(stdout, "pages: %d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return 1
	}
	return 0
}
