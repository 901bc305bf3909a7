package experiment

import (
	"context"
	"fmt"

	"github.com/plmlab/plmlab/figure"
	"github.com/plmlab/plmlab/plm"
)

// Config is an experiment's parameters: a plain struct with exported,
// JSON-named fields, whose Validate names the first bad field and value.
type Config interface {
	// Name is the experiment's name, also its panel name in reproduce and
	// its folder in the cache.
	Name() string
	Validate() error
}

// Result is what an experiment returns: a plain struct (JSON- and
// gob-ready) that says what it shows as figure data.
type Result interface {
	Figures() []*figure.Panel
}

// Experiment is a config that runs. Run validates the config, honours
// cancellation and reports progress (progress may be nil).
type Experiment[R Result] interface {
	Config
	Run(ctx context.Context, progress Progress) (R, error)
}

// Report is one progress report of a running experiment.
type Report struct {
	Experiment string `json:"experiment"`
	// Done of Total units of work (the experiment's own units: grid points,
	// rules, loads, …).
	Done  int `json:"done"`
	Total int `json:"total"`
	// Step says what is being computed now, e.g. "PL α=0.4".
	Step string `json:"step,omitempty"`
	// Detail is a short status of the step (epoch, loss, …).
	Detail string `json:"detail,omitempty"`
	// Epoch is the latest epoch of a PL training in Step, and Epochs its
	// length: notebooks draw live training curves from them.
	Epoch  *plm.EpochLog `json:"epoch,omitempty"`
	Epochs int           `json:"epochs,omitempty"`
	// Cache is "hit" when the result came from the cache and "stored" when
	// it was computed and stored, on the last report of a Cached run.
	Cache string `json:"cache,omitempty"`
}

// Progress receives reports; it is called from the experiment's goroutine.
type Progress func(Report)

// Tracker turns an experiment's loops into reports.
type Tracker struct {
	name        string
	progress    Progress
	done, total int
	step        string
}

func NewTracker(name string, total int, p Progress) *Tracker {
	if p == nil {
		p = func(Report) {}
	}
	return &Tracker{name: name, progress: p, total: total}
}

// At starts a step after done units.
func (t *Tracker) At(done int, step string) {
	t.done, t.step = done, step
	t.progress(Report{Experiment: t.name, Done: done, Total: t.total, Step: step})
}

// Detail reports a status within the current step.
func (t *Tracker) Detail(format string, a ...any) {
	t.progress(Report{Experiment: t.name, Done: t.done, Total: t.total, Step: t.step, Detail: fmt.Sprintf(format, a...)})
}

// Finish reports the whole work done.
func (t *Tracker) Finish() {
	t.progress(Report{Experiment: t.name, Done: t.total, Total: t.total, Step: "done"})
}

// training returns a PseudoLikelihood.Progress hook that reports every
// epoch of a training of the given length within the current step.
// minimum reports L-BFGS iterations as training epochs do.
func (t *Tracker) Minimum(max int) func(plm.MinimumLog) {
	return func(e plm.MinimumLog) {
		t.progress(Report{Experiment: t.name, Done: t.done, Total: t.total, Step: t.step,
			Detail: fmt.Sprintf("L-BFGS iteration %d (≤ %d) loss %.6f λ %.3f gradient RMS %.1e, %d rows done", e.Iteration, max, e.Loss, e.Lambda, e.MaxGradRMS, e.Converged+e.Stalled)})
	}
}

func (t *Tracker) Training(epochs int) func(plm.EpochLog) {
	return func(e plm.EpochLog) {
		t.progress(Report{Experiment: t.name, Done: t.done, Total: t.total, Step: t.step,
			Detail: fmt.Sprintf("epoch %d/%d loss %.4f λ(t) %.3f stored %.2f", e.Epoch, epochs, e.Loss, e.Lambda, e.Stored),
			Epoch:  &e, Epochs: epochs})
	}
}
