package plotting

import (
	"html"
	"strings"
)

// Table renders a small HTML table (header row, then rows of cells).
func Table(header []string, rows [][]string) string {
	var b strings.Builder
	b.WriteString(`<table style="border-collapse:collapse;font-size:90%;margin:4px 0"><tr>`)
	for _, h := range header {
		b.WriteString(`<th style="border-bottom:1px solid #888;padding:2px 10px;text-align:right">` + html.EscapeString(h) + `</th>`)
	}
	b.WriteString(`</tr>`)
	for _, r := range rows {
		b.WriteString(`<tr>`)
		for _, c := range r {
			b.WriteString(`<td style="padding:2px 10px;text-align:right;font-family:monospace">` + html.EscapeString(c) + `</td>`)
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</table>`)
	return b.String()
}
