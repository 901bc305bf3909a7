package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

// MaxReadmeLines keeps the README a front door; the manual is docs/.
const MaxReadmeLines = 150

var (
	// mdLink is the target of a Markdown link or image.
	mdLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)
	// trackerRef is a reference to the issue tracker, which product docs
	// (README, docs/, notebooks) never make: they describe the product.
	trackerRef = regexp.MustCompile(`(?i)\bissues? #?\d+\b|\bthe issue'?s\b|/issues/\d+`)
)

// isProductDoc says whether a tracked file is product documentation.
func isProductDoc(f string) bool {
	return f == "README.md" || (strings.HasPrefix(f, "docs/") && strings.HasSuffix(f, ".md")) ||
		(strings.HasPrefix(f, "notebooks/") && strings.HasSuffix(f, ".ipynb"))
}

// checkDocs returns one line per problem of the product docs: a README
// over MaxReadmeLines, a relative link to a file git does not track, a
// reference to the issue tracker.
func checkDocs(dir string, files []string) []string {
	tracked := map[string]bool{}
	for _, f := range files {
		tracked[f] = true
		for d := path.Dir(f); d != "."; d = path.Dir(d) {
			tracked[d] = true
		}
	}
	var out []string
	for _, f := range files {
		if !isProductDoc(f) {
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			continue // deleted from the work tree, not yet committed
		}
		text := string(src)
		if strings.HasSuffix(f, ".ipynb") {
			text = notebookText(src)
		}
		if f == "README.md" {
			if n := strings.Count(text, "\n"); n > MaxReadmeLines {
				out = append(out, fmt.Sprintf("README.md: %d lines, over %d: move the details to docs/", n, MaxReadmeLines))
			}
		}
		for k, line := range strings.Split(text, "\n") {
			if m := trackerRef.FindString(line); m != "" {
				out = append(out, fmt.Sprintf("%s:%d: refers to the issue tracker (%q): say what the product does instead", f, k+1, m))
			}
			if strings.HasSuffix(f, ".ipynb") {
				continue // notebook links point into the rendered site
			}
			for _, m := range mdLink.FindAllStringSubmatch(line, -1) {
				target := m[1]
				if strings.Contains(target, "://") || strings.HasPrefix(target, "#") || strings.HasPrefix(target, "mailto:") {
					continue
				}
				target, _, _ = strings.Cut(target, "#")
				p := path.Clean(path.Join(path.Dir(f), target))
				if !tracked[p] {
					out = append(out, fmt.Sprintf("%s:%d: link to %s, which git does not track", f, k+1, m[1]))
				}
			}
		}
	}
	return out
}

// notebookText is the text of a notebook's markdown cells, one line per
// source line.
func notebookText(src []byte) string {
	var nb struct {
		Cells []struct {
			CellType string          `json:"cell_type"`
			Source   json.RawMessage `json:"source"`
		} `json:"cells"`
	}
	if json.Unmarshal(src, &nb) != nil {
		return ""
	}
	var b strings.Builder
	for _, c := range nb.Cells {
		if c.CellType != "markdown" {
			continue
		}
		var lines []string
		if json.Unmarshal(c.Source, &lines) != nil {
			var one string
			if json.Unmarshal(c.Source, &one) != nil {
				continue
			}
			lines = []string{one}
		}
		b.WriteString(strings.Join(lines, ""))
		b.WriteString("\n")
	}
	return b.String()
}
