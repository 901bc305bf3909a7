package nb

import (
	"encoding/json"
	"path/filepath"

	"fmt"
	"html"
	"os"
	"strings"
	"time"

	"github.com/plmlab/plmlab/figure"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/plmlab/plmlab/internal/atomicfile"
	"github.com/plmlab/plmlab/internal/linalg"
	"github.com/plmlab/plmlab/plotting"
)

// InNotebook reports whether the program runs inside a GoNB notebook.
func InNotebook() bool { return gonbui.IsNotebook }

// LoadECharts puts the ECharts library into the notebook page, inline, so
// charts draw offline, in JupyterLab and in exported HTML alike. Call it
// once, near the top of a notebook; charts shown before it wait for it.
func LoadECharts() error {
	s, err := plotting.EChartsScript()
	if err != nil {
		ShowHTML(`<p style="color:#b00">` + html.EscapeString(err.Error()) + `</p>`)
		return err
	}
	ShowHTML(s + echartsNote + `<p style="font-size:85%;color:#666">Matrix products: ` + html.EscapeString(linalg.Backend) + `.</p>`)
	return nil
}

const echartsNote = `<p style="font-size:85%;color:#666">ECharts loaded for interactive charts (hover for values, drag to zoom with the toolbox, click legend entries to hide series).</p>`

// ShowHTML displays HTML in the notebook (nothing outside a notebook).
func ShowHTML(s string) {
	if !gonbui.IsNotebook {
		return
	}
	gonbui.DisplayHTML(s)
	gonbui.Sync()
}

// ShowCharts displays charts, one under the other.
func ShowCharts(cs ...*plotting.Chart) {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.HTML())
	}
	ShowHTML(b.String())
}

// Show displays figures one under the other: curves as an interactive
// chart, heat maps side by side, tables, image grids, and each caption.
func Show(figs ...*figure.Panel) {
	exportFigures(figs)
	ShowHTML(figuresHTML(figs))
}

// figuresHTML draws figures one under the other.
func figuresHTML(figs []*figure.Panel) string {
	var b strings.Builder
	for _, p := range figs {
		b.WriteString(plotting.FigureHTML(p))
	}
	return b.String()
}

// ShowRow displays figures side by side (wrapping on narrow screens).
func ShowRow(figs ...*figure.Panel) {
	exportFigures(figs)
	var b strings.Builder
	b.WriteString(`<div style="display:flex;flex-wrap:wrap;gap:8px">`)
	for _, p := range figs {
		fmt.Fprintf(&b, `<div style="flex:1 1 460px;min-width:320px">%s</div>`, plotting.FigureHTMLWidth(p, "460px"))
	}
	b.WriteString(`</div>`)
	ShowHTML(b.String())
}

// FiguresDirEnv names a folder where Show and ShowRow also write each
// figure they display as PANEL.json (the form reproduce writes; a second
// figure of the same name as PANEL~2.json), so that a notebook's figure
// data can be compared with the command line's and with its prose.
const FiguresDirEnv = "PLMLAB_FIGURES_DIR"

func exportFigures(figs []*figure.Panel) {
	dir := os.Getenv(FiguresDirEnv)
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "nb:", err)
		return
	}
	for _, p := range figs {
		data, err := json.MarshalIndent(p, "", " ")
		if err == nil {
			err = atomicfile.Write(exportPath(dir, p.Panel), atomicfile.Bytes(append(data, '\n')))
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "nb: exporting", p.Panel+":", err)
		}
	}
}

// exportPath is DIR/PANEL.json, or DIR/PANEL~K.json for the K-th figure of
// that name a notebook shows (two configs of one experiment, each cell a
// new program): the folder is expected fresh for each execution.
func exportPath(dir, panel string) string {
	path := filepath.Join(dir, panel+".json")
	for k := 2; k < 1000; k++ {
		if _, err := os.Lstat(path); err != nil {
			return path // free (or unreadable: the write will say why)
		}
		path = filepath.Join(dir, fmt.Sprintf("%s~%d.json", panel, k))
	}
	return path
}

// Live is an output that is updated in place while a cell runs (GoNB's
// display updates): progress bars and charts that grow epoch by epoch.
// Finish replaces it by a final, permanent output.
type Live struct {
	id    string
	last  time.Time
	every time.Duration
}

// NewLive returns a live output refreshed at most every 250 ms.
func NewLive() *Live {
	id := plotting.NewID()
	if gonbui.IsNotebook {
		id = "plmlab-live-" + gonbui.UniqueId()
	}
	return &Live{id: id, every: 250 * time.Millisecond}
}

// Update shows html in place of the previous update (rate limited unless
// force is set).
func (l *Live) Update(html string, force bool) {
	if !l.Due(force) {
		return
	}
	l.last = time.Now()
	gonbui.UpdateHTML(l.id, html)
	gonbui.Sync()
}

// Due reports whether an Update now would be shown (always with force):
// callers whose HTML is costly build it only then.
func (l *Live) Due(force bool) bool {
	return gonbui.IsNotebook && (force || time.Since(l.last) >= l.every)
}

// Finish clears the live output and displays html permanently.
func (l *Live) Finish(html string) {
	if !gonbui.IsNotebook {
		return
	}
	gonbui.UpdateHTML(l.id, "")
	if html != "" {
		gonbui.DisplayHTML(html)
	}
	gonbui.Sync()
}

// Progress is a progress bar in a notebook and a line on the terminal
// elsewhere.
type Progress struct {
	label string
	live  *Live
	start time.Time
	last  time.Time
}

// NewProgress starts a progress bar.
func NewProgress(label string) *Progress {
	return &Progress{label: label, live: NewLive(), start: time.Now()}
}

// Update sets the bar to done/total with a short status text.
func (p *Progress) Update(done, total int, text string) {
	frac := 0.0
	if total > 0 {
		frac = float64(done) / float64(total)
	}
	if !gonbui.IsNotebook {
		if time.Since(p.last) > 2*time.Second || done == total {
			p.last = time.Now()
			fmt.Fprintf(os.Stderr, "[%s] %d/%d %s\n", p.label, done, total, text)
		}
		return
	}
	p.live.Update(progressHTML(p.label, frac, fmt.Sprintf("%d/%d %s", done, total, text), time.Since(p.start)), done == total)
}

// Done replaces the bar by a one-line summary.
func (p *Progress) Done(summary string) {
	p.live.Finish(fmt.Sprintf(`<div style="font-size:90%%;color:#333">✔ %s — %s (%.1f s)</div>`,
		html.EscapeString(p.label), html.EscapeString(summary), time.Since(p.start).Seconds()))
}

func progressHTML(label string, frac float64, text string, el time.Duration) string {
	return fmt.Sprintf(`<div style="font-family:sans-serif;font-size:90%%;max-width:700px">
<div>%s <span style="color:#666">%s · %.0f s</span></div>
<div style="background:#eee;border-radius:3px;height:12px"><div style="background:#0072B2;width:%.1f%%;height:12px;border-radius:3px"></div></div></div>`,
		html.EscapeString(label), html.EscapeString(text), el.Seconds(), 100*frac)
}
