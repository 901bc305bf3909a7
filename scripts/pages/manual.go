package main

import (
	"bytes"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"

	"github.com/plmlab/plmlab/internal/userfile"
)

// markdownLink is a link from one manual page to another (NAME.md, with an
// optional #fragment): in the site it goes to NAME.html.
var markdownLink = regexp.MustCompile(`href="([A-Za-z0-9_-]+)\.md(#[^"]*)?"`)

var markdown = goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithParserOptions(parser.WithAutoHeadingID()))

var manualTpl = template.Must(template.New("manual").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;line-height:1.5;color:#222}main{max-width:1000px;margin:1em auto;padding:0 1em}
a{color:#0072B2}code,pre{font-size:90%;background:#f5f5f5}pre{padding:.6em;overflow-x:auto}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ddd;padding:.3em .5em;vertical-align:top}</style>
</head><body><main>
{{.Body}}
</main></body></html>
`))

// writeManual renders every NAME.md of o.docs into NAME.html in the site,
// with the navigation of the notebook pages, and returns their entries
// (none when o.docs is empty). A page named like a notebook page is an
// error, not an overwrite.
func writeManual(o siteOptions) ([]entry, error) {
	if o.docs == "" {
		return nil, nil
	}
	files, err := filepath.Glob(filepath.Join(o.docs, "*.md"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no manual pages (*.md) in %s (-docs \"\" publishes none)", o.docs)
	}
	sort.Strings(files)
	taken := map[string]bool{"index.html": true}
	for _, p := range o.pages {
		taken[filepath.Base(p)] = true
	}
	var srcs [][]byte
	var entries []entry
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".md") + ".html"
		if taken[name] {
			return nil, fmt.Errorf("manual page %s would replace the page %s", f, name)
		}
		md, err := userfile.Read(f, maxPageBytes)
		if err != nil {
			return nil, err
		}
		page, err := renderManual(md)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		t, sum := describe(page)
		if t == "" {
			t = strings.TrimSuffix(name, ".html")
		}
		srcs, entries = append(srcs, page), append(entries, entry{File: name, Title: t, Summary: wholeSentences(sum)})
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return nil, err
	}
	return entries, writeWithNavigation(o.out, srcs, entries)
}

// renderManual turns a Markdown page into an HTML page whose links to
// other manual pages point at their HTML.
func renderManual(md []byte) ([]byte, error) {
	var body bytes.Buffer
	if err := markdown.Convert(md, &body); err != nil {
		return nil, err
	}
	html := markdownLink.ReplaceAll(body.Bytes(), []byte(`href="$1.html$2"`))
	var page bytes.Buffer
	if err := manualTpl.Execute(&page, map[string]any{"Title": manualTitle(md), "Body": template.HTML(html)}); err != nil {
		return nil, err
	}
	return page.Bytes(), nil
}

// manualTitle is the text of the page's first "# " heading.
func manualTitle(md []byte) string {
	for _, l := range strings.Split(string(md), "\n") {
		if t, ok := strings.CutPrefix(l, "# "); ok {
			return strings.TrimSpace(t)
		}
	}
	return "plmlab"
}
