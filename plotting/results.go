package plotting

import (
	"context"
	"fmt"
	"math"

	"github.com/plmlab/plmlab/plm"
)

// BasinPanel puts basin curves m_F(m_in) side by side, with standard-error
// bands.
func BasinPanel(title string, names []string, curves []*plm.BasinCurve) *Panel {
	p := &Panel{Panel: "basins", Title: title, XLabel: "initial overlap m_in", YLabel: "final overlap m_F", Legend: "top-left"}
	for k, c := range curves {
		name := fmt.Sprintf("curve %d", k)
		if k < len(names) {
			name = names[k]
		}
		p.Series = append(p.Series, Series{Name: name, X: c.MIn, Y: c.MF, YErr: c.MFStdErr})
	}
	return p
}

// HistogramSeries is the normalised histogram (a density) of values in
// bins equal bins over [lo, hi]; x are the bin centres.
func HistogramSeries(name string, values []float64, lo, hi float64, bins int) Series {
	s := Series{Name: name, X: make([]float64, bins), Y: make([]float64, bins)}
	w := (hi - lo) / float64(bins)
	for b := range s.X {
		s.X[b] = lo + (float64(b)+0.5)*w
	}
	for _, v := range values {
		b := int(math.Floor((v - lo) / w))
		if b >= 0 && b < bins {
			s.Y[b]++
		}
	}
	for b := range s.Y {
		s.Y[b] /= float64(len(values)) * w
	}
	return s
}

// FunctionSeries samples f at n points over [lo, hi].
func FunctionSeries(name string, f func(float64) float64, lo, hi float64, n int) Series {
	s := Series{Name: name, X: make([]float64, n), Y: make([]float64, n)}
	for k := range s.X {
		x := lo + (hi-lo)*float64(k)/float64(n-1)
		s.X[k], s.Y[k] = x, f(x)
	}
	return s
}

// TrainingPanels turns a PL training log into three panels: the loss,
// λ(t) = mean row norm, and the fraction of stored patterns, per epoch.
func TrainingPanels(log []plm.EpochLog) [3]*Panel {
	var x, loss, lam, st []float64
	for _, e := range log {
		x = append(x, float64(e.Epoch))
		loss = append(loss, e.Loss)
		lam = append(lam, e.Lambda)
		st = append(st, e.Stored)
	}
	return [3]*Panel{
		{Panel: "loss", Title: "PL loss (mean)", XLabel: "epoch", Series: []Series{{Name: "loss", X: x, Y: loss}}},
		{Panel: "lambda", Title: "λ(t) = mean row norm", XLabel: "epoch", Series: []Series{{Name: "λ(t)", X: x, Y: lam}}},
		{Panel: "stored", Title: "fraction of stored patterns", XLabel: "epoch", Series: []Series{{Name: "stored", X: x, Y: st}}},
	}
}

// TrainingMonitor shows a PL training live: a progress bar and the three
// training panels growing epoch by epoch, updated in place; pass Observe
// as PseudoLikelihood.Progress and call Finish at the end.
type TrainingMonitor struct {
	Title  string
	Epochs int
	log    []plm.EpochLog
	live   *Live
	bar    *Progress
	charts bool // keep the charts after Finish
}

// NewTrainingMonitor starts a monitor for a training of the given epochs.
func NewTrainingMonitor(title string, epochs int) *TrainingMonitor {
	return &TrainingMonitor{Title: title, Epochs: epochs, live: NewLive(), bar: NewProgress(title), charts: true}
}

// Observe records one epoch and refreshes the display (rate limited).
func (m *TrainingMonitor) Observe(e plm.EpochLog) {
	m.log = append(m.log, e)
	m.bar.Update(e.Epoch, m.Epochs, fmt.Sprintf("loss %.4f · λ(t) %.3f · stored %.2f", e.Loss, e.Lambda, e.Stored))
	m.live.Update(trainingHTML(m.log), e.Epoch == m.Epochs)
}

// Log is what the monitor has seen.
func (m *TrainingMonitor) Log() []plm.EpochLog { return m.log }

// Finish replaces the live display by the final charts and a summary.
func (m *TrainingMonitor) Finish() {
	summary := "no epochs"
	if n := len(m.log); n > 0 {
		e := m.log[n-1]
		summary = fmt.Sprintf("%d epochs, loss %.4g, λ(t) %.3f, stored %.3f", e.Epoch, e.Loss, e.Lambda, e.Stored)
	}
	m.bar.Done(summary)
	final := ""
	if m.charts {
		final = trainingHTML(m.log)
	}
	m.live.Finish(final)
}

// TrainWithMonitor trains pl on xi while a TrainingMonitor shows progress
// and live charts; it leaves a one-line summary (show the final charts with
// ShowTrainingLog).
func TrainWithMonitor(ctx context.Context, xi *plm.Patterns, pl plm.PseudoLikelihood, title string) (*plm.Training, error) {
	epochs := pl.Epochs
	if epochs == 0 {
		epochs = plm.DefaultEpochs
	}
	m := NewTrainingMonitor(title, epochs)
	m.charts = false
	pl.Progress = m.Observe
	tr, err := pl.Train(ctx, xi)
	m.Finish()
	return tr, err
}

// ShowTrainingLog shows the loss, λ(t) and stored-fraction charts of a log.
func ShowTrainingLog(log []plm.EpochLog) {
	ShowHTML(trainingHTML(log))
}

func trainingHTML(log []plm.EpochLog) string {
	ps := TrainingPanels(log)
	cs := make([]*Chart, len(ps))
	for k, p := range ps {
		cs[k] = LineChart(p)
		cs[k].Height = "260px"
	}
	return Row(cs...)
}
