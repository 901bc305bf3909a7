package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"regexp"
	"strings"

	"github.com/plmlab/plmlab/internal/userfile"
	"golang.org/x/net/html"
)

// citation is the paper every page cites.
const citation = `F. D'Amico, D. Bocchi, L. M. Del Bono, S. Rossi, M. Negri, "Pseudo-likelihood produces associative memories able to generalize, even for asymmetric couplings", Physica A 692 (2026) 131497, arXiv:2507.05147.`

// notebookSummary is a notebook's metadata.plmlab.summary, or "".
func notebookSummary(path string) string {
	raw, err := userfile.Read(path, maxPageBytes)
	if err != nil {
		return ""
	}
	var nb struct {
		Metadata struct {
			Plmlab struct {
				Summary string `json:"summary"`
			} `json:"plmlab"`
		} `json:"metadata"`
	}
	if json.Unmarshal(raw, &nb) != nil {
		return ""
	}
	return strings.TrimSpace(nb.Metadata.Plmlab.Summary)
}

var (
	displayMath = regexp.MustCompile(`(?s)\$\$.*?\$\$`)
	sentenceEnd = regexp.MustCompile(`[.!?](\s|$)`)
)

// wholeSentences cuts a paragraph to its whole sentences (display maths
// dropped): a summary that would stop at ":" or "," ends at the last full
// stop before it, or, with none, gets one.
func wholeSentences(p string) string {
	p = strings.Join(strings.Fields(displayMath.ReplaceAllString(p, " ")), " ")
	if p == "" || sentenceEnd.MatchString(p[len(p)-1:]) {
		return p
	}
	if locs := sentenceEnd.FindAllStringIndex(p, -1); len(locs) > 0 {
		return strings.TrimSpace(p[:locs[len(locs)-1][0]+1])
	}
	return strings.TrimRight(p, ":,; ") + "."
}

// section is an h2 of a page: its id and text.
type section struct{ ID, Text string }

// sections lists the page's h2 headings that have an id.
func sections(page []byte) []section {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return nil
	}
	var out []section
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "h2" && attr(n, "id") != "" {
			out = append(out, section{attr(n, "id"), strings.TrimSpace(visibleText(n))})
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

var navTpl = template.Must(template.New("nav").Parse(`<style>.plmlab-nav a,.plmlab-cite a{color:#0072B2;text-decoration:underline}</style>
<nav class="plmlab-nav" style="font-family:system-ui,sans-serif;max-width:1200px;margin:.8em auto;padding:.6em 1em;border:1px solid #ddd;border-radius:6px;background:#fafafa;line-height:1.6">
<a href="index.html">Index</a>{{if .Prev}} · <a href="{{.Prev.File}}" rel="prev">← {{.Prev.Title}}</a>{{end}}{{if .Next}} · <a href="{{.Next.File}}" rel="next">{{.Next.Title}} →</a>{{end}}{{if .Self.Notebook}} · <a href="{{.Self.Notebook}}" download>Download the notebook (.ipynb)</a>{{end}}
{{if .Sections}}<details open><summary>Contents</summary><ul style="margin:.3em 0">{{range .Sections}}<li><a href="#{{.ID}}">{{.Text}}</a></li>{{end}}</ul></details>{{end}}
</nav>
`))

var footTpl = template.Must(template.New("foot").Parse(`<footer class="plmlab-cite" style="font-family:system-ui,sans-serif;max-width:1200px;margin:1.5em auto;padding:.6em 1em;border-top:1px solid #ddd;color:#444">
<p>Cite: {{.Citation}} <a href="https://arxiv.org/abs/2507.05147">arXiv</a></p>
<p><a href="index.html">Index</a>{{if .Prev}} · <a href="{{.Prev.File}}">← {{.Prev.Title}}</a>{{end}}{{if .Next}} · <a href="{{.Next.File}}">{{.Next.Title}} →</a>{{end}}</p>
</footer>
`))

var bodyOpen = regexp.MustCompile(`(?i)<body[^>]*>`)

// withNavigation puts a navigation bar (index, previous, next, the
// notebook's download, the table of contents) at the top of a page's body
// and the citation with the same links at its end.
func withNavigation(page []byte, self entry, prev, next *entry) ([]byte, error) {
	data := map[string]any{"Self": self, "Prev": prev, "Next": next, "Sections": sections(page), "Citation": citation}
	var top, foot bytes.Buffer
	if err := navTpl.Execute(&top, data); err != nil {
		return nil, err
	}
	if err := footTpl.Execute(&foot, data); err != nil {
		return nil, err
	}
	loc := bodyOpen.FindIndex(page)
	end := bytes.LastIndex(bytes.ToLower(page), []byte("</body>"))
	if loc == nil || end < loc[1] {
		return nil, fmt.Errorf("no <body> … </body> to put the navigation in")
	}
	var out bytes.Buffer
	out.Write(page[:loc[1]])
	out.Write(top.Bytes())
	out.Write(page[loc[1]:end])
	out.Write(foot.Bytes())
	out.Write(page[end:])
	return out.Bytes(), nil
}
