package main

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/plmlab/plmlab/internal/userfile"
	"golang.org/x/net/html"
)

// localLinks returns the local references of a DOM: href of a and link,
// src of script and img, and whether each came from an a element. Links
// to other sites (http, https, mailto, data, javascript) are left out.
func localLinks(dom []byte) []string {
	doc, err := html.Parse(bytes.NewReader(dom))
	if err != nil {
		return nil
	}
	var out []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			key := ""
			switch n.Data {
			case "a", "link":
				key = "href"
			case "script", "img", "iframe":
				key = "src"
			}
			if v := strings.TrimSpace(attr(n, key)); key != "" && v != "" && isLocal(v) {
				out = append(out, v)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

func isLocal(ref string) bool {
	u, err := url.Parse(ref)
	if err != nil {
		return true // reported as broken
	}
	return u.Scheme == "" || u.Scheme == "file"
}

// ids returns the id and name attributes of a document.
func ids(doc []byte) map[string]bool {
	out := map[string]bool{}
	root, err := html.Parse(bytes.NewReader(doc))
	if err != nil {
		return out
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, k := range []string{"id", "name"} {
				if v := attr(n, k); v != "" {
					out[v] = true
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return out
}

// brokenLinks checks every local reference of a page's DOM: the file must
// exist (relative to the page, or a file:// URL), and a fragment must name
// an id in the page it points to (the DOM itself for "#…").
func brokenLinks(page string, dom []byte) []string {
	var broken []string
	self := ids(dom)
	targets := map[string]map[string]bool{}
	seen := map[string]bool{}
	for _, ref := range localLinks(dom) {
		if seen[ref] {
			continue
		}
		seen[ref] = true
		u, err := url.Parse(ref)
		if err != nil {
			broken = append(broken, fmt.Sprintf("%s (unparsable)", ref))
			continue
		}
		// A browser looks for the decoded fragment, then the raw one
		// (nbconvert writes ids percent-encoded: "12-%C2%B7-…").
		frag, raw := u.Fragment, u.EscapedFragment()
		has := func(set map[string]bool) bool { return set[frag] || set[raw] }
		var target string
		switch {
		case u.Scheme == "file":
			target = u.Path
		case u.Path == "":
			if frag != "" && !has(self) {
				broken = append(broken, fmt.Sprintf("%s (no such id in the page)", ref))
			}
			continue
		default:
			p, _ := url.PathUnescape(u.Path)
			target = filepath.Join(filepath.Dir(page), filepath.FromSlash(p))
		}
		st, err := os.Stat(target)
		if err != nil || st.IsDir() {
			broken = append(broken, fmt.Sprintf("%s (no file %s)", ref, target))
			continue
		}
		if frag == "" || !strings.HasSuffix(target, ".html") {
			continue
		}
		if targets[target] == nil {
			src, err := userfile.Read(target, maxPageBytes)
			if err != nil {
				broken = append(broken, fmt.Sprintf("%s (%v)", ref, err))
				continue
			}
			targets[target] = ids(src)
		}
		if !has(targets[target]) {
			broken = append(broken, fmt.Sprintf("%s (no id %q in %s)", ref, frag, filepath.Base(target)))
		}
	}
	return broken
}
