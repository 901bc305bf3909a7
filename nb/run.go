package nb

import (
	"context"
	"errors"
	"fmt"
	"html"
	"os"
	"time"

	"github.com/janpfeifer/gonb/gonbui"

	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/experiment/training"
	"github.com/plmlab/plmlab/internal/interrupt"
	"github.com/plmlab/plmlab/plm"
	"github.com/plmlab/plmlab/plotting"
)

// Run runs an experiment from a notebook cell through the cache (see
// experiment.Cached): a progress bar while it computes and, while PL
// trains, live training curves. Interrupting the kernel cancels the run
// (nothing is cached). On an error Run shows the message and stops the
// cell, so the notebook stops there too.
func Run[R experiment.Result](e experiment.Experiment[R]) R {
	ctx, stop := interrupt.Context(context.Background(), nil)
	defer stop()
	m := newRunMonitor(e.Name())
	r, err := experiment.Cached(ctx, e, m.report)
	m.finish(err)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			err = fmt.Errorf("%s: interrupted (nothing was cached)", e.Name())
		}
		Fail(err)
	}
	return r
}

// Start prepares a notebook page: it loads ECharts inline (charts then draw
// offline, also in exported HTML) and stops the cell with the reason if it
// cannot.
func Start() {
	s, err := plotting.EChartsScript()
	if err != nil {
		Fail(err)
	}
	ShowHTML(s + echartsNote)
}

// Fail shows err in the notebook and on stderr, and stops the cell (the
// program exits with status 1).
func Fail(err error) {
	ShowHTML(errorHTML(err))
	fmt.Fprintln(os.Stderr, "error:", err)
	if gonbui.IsNotebook {
		gonbui.Sync()
	}
	os.Exit(1)
}

// errorHTML shows an error's message in red.
func errorHTML(err error) string {
	return `<pre style="color:#b00;white-space:pre-wrap">` + html.EscapeString(err.Error()) + `</pre>`
}

// runMonitor turns an experiment's reports into a progress bar and live
// training curves (the log of the PL training under way).
type runMonitor struct {
	name  string
	bar   *Progress
	live  *Live
	step  string
	log   []plm.EpochLog
	cache string
	start time.Time
}

func newRunMonitor(name string) *runMonitor {
	return &runMonitor{name: name, bar: NewProgress(name), live: NewLive(), start: time.Now()}
}

func (m *runMonitor) report(r experiment.Report) {
	if r.Cache != "" {
		m.cache = r.Cache
		return
	}
	text := r.Step
	if r.Detail != "" {
		text += " · " + r.Detail
	}
	m.bar.Update(r.Done, r.Total, text)
	if r.Epoch == nil {
		return
	}
	if r.Step != m.step || r.Epoch.Epoch == 0 || (len(m.log) > 0 && r.Epoch.Epoch <= m.log[len(m.log)-1].Epoch) {
		m.step, m.log = r.Step, m.log[:0]
	}
	m.log = append(m.log, *r.Epoch)
	// Drawing the curves costs far more than an epoch of a small network:
	// only when the live output is due.
	if last := r.Epoch.Epoch == r.Epochs; m.live.Due(last) {
		m.live.Update(m.trainingHTML(r.Step), true)
	}
}

// trainingHTML draws the log so far, thinned to at most 400 points.
func (m *runMonitor) trainingHTML(title string) string {
	log := m.log
	if n := len(log); n > 400 {
		thin := make([]plm.EpochLog, 0, 401)
		for k := 0; k < n; k += n/400 + 1 {
			thin = append(thin, log[k])
		}
		log = append(thin, log[n-1])
	}
	figs := training.TrainingFigures("live", log)
	cs := make([]*plotting.Chart, len(figs))
	for k, f := range figs {
		f.Title = f.Title + " — " + title
		cs[k] = plotting.LineChart(f)
		cs[k].Height = "240px"
	}
	return plotting.Row(cs...)
}

func (m *runMonitor) finish(err error) {
	m.live.Finish("")
	switch {
	case err != nil:
		m.bar.Done("failed")
	case m.cache == "hit":
		m.bar.Done("from the cache")
	case m.cache == "stored":
		m.bar.Done(fmt.Sprintf("computed in %.1f s and cached", time.Since(m.start).Seconds()))
	default:
		m.bar.Done(fmt.Sprintf("computed in %.1f s (not cached)", time.Since(m.start).Seconds()))
	}
}
