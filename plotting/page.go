package plotting

import (
	"errors"

	"fmt"
	"html"
	"os"
	"strings"

	"github.com/plmlab/plmlab/figure"

	"github.com/plmlab/plmlab/internal/userfile"

	"github.com/plmlab/plmlab/internal/paths"
)

// EChartsFile is where scripts/setup.sh puts ECharts (from npm), relative to
// the repository root; PLMLAB_ECHARTS overrides it with a file path.
const EChartsFile = ".plmlab/echarts/echarts.min.js"

// EChartsScriptID is the id of the script element LoadECharts displays;
// the publish script uses it to share one copy of the library per site.
const EChartsScriptID = "plmlab-echarts"

// FindECharts returns the path of the ECharts library: $PLMLAB_ECHARTS, or
// EChartsFile in the first parent of $GONB_DIR or of the working directory
// that has it.
func FindECharts() (string, error) {
	if p := os.Getenv("PLMLAB_ECHARTS"); p != "" {
		if err := userfile.Check(p); err != nil {
			return "", fmt.Errorf("plotting: PLMLAB_ECHARTS=%s: %w", p, err)
		}
		return p, nil
	}
	if p, ok := paths.FindUp(EChartsFile); ok {
		return p, nil
	}
	return "", errors.New("plotting: ECharts not found: run scripts/setup.sh (it installs " + EChartsFile + " from npm) or set PLMLAB_ECHARTS to echarts.min.js")
}

// EChartsScript returns the library as an inline <script> element.
func EChartsScript() (string, error) {
	p, err := FindECharts()
	if err != nil {
		return "", err
	}
	js, err := userfile.Read(p, 64<<20) // the library is 1 MB
	if err != nil {
		return "", fmt.Errorf("plotting: reading ECharts: %w", err)
	}
	if !strings.Contains(string(js[:min(len(js), 4096)]), "echarts") {
		return "", fmt.Errorf("plotting: %s does not look like the ECharts library", p)
	}
	// Pages with require.js (classic notebook, nbconvert) would swallow the
	// UMD bundle as an anonymous AMD module: hide define while it loads.
	return `<script>window.__plmDefine=window.define;window.define=undefined;</script>` +
		fmt.Sprintf(`<script id="%s">%s</script>`, EChartsScriptID, strings.ReplaceAll(string(js), "</script", `<\/script`)) +
		`<script>window.define=window.__plmDefine;</script>`, nil
}

// FigureHTML renders one figure as HTML: its charts (ECharts, drawn once
// LoadECharts has run), table, images and caption.
func FigureHTML(p *figure.Panel) string { return FigureHTMLWidth(p, "") }

func FigureHTMLWidth(p *figure.Panel, width string) string {
	if err := p.Validate(); err != nil {
		return `<p style="color:#b00">` + html.EscapeString(err.Error()) + `</p>`
	}
	var b strings.Builder
	cs := Charts(p)
	if len(cs) > 0 && len(p.Series) > 0 {
		cs[0].Width = width
		b.WriteString(cs[0].HTML())
		cs = cs[1:]
	}
	if len(cs) > 0 {
		b.WriteString(Row(cs...))
	}
	if p.Table != nil || p.Images != nil {
		if p.Title != "" {
			b.WriteString(`<div style="font-weight:bold;font-size:95%;margin-top:6px">` + html.EscapeString(p.Title) + `</div>`)
		}
		if p.Table != nil {
			b.WriteString(Table(p.Table.Header, p.Table.Rows))
		}
		if p.Images != nil {
			s, err := ImagesHTML(p.Images)
			if err != nil {
				s = `<p style="color:#b00">` + html.EscapeString(err.Error()) + `</p>`
			}
			b.WriteString(s)
		}
	}
	if p.Caption != "" {
		b.WriteString(Caption(p.Caption))
	}
	return b.String()
}
