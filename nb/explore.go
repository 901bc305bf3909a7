package nb

import (
	"context"
	"errors"
	"fmt"
	"html"
	"os"
	"strings"
	"time"

	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/internal/interrupt"
)

// WidgetsEnv switches the explorers' controls off when set to "off":
// Explore then draws its first figure and returns, as in a headless run
// (the test and publish scripts set it; so can a cell: %env
// PLMLAB_WIDGETS=off).
const WidgetsEnv = "PLMLAB_WIDGETS"

// IdleEnv sets how long the controls stay live without a change (a Go
// duration; default 5m). The kernel is busy while they are live.
const IdleEnv = "PLMLAB_EXPLORE_IDLE"

// connectTimeout bounds the wait for the page to answer: where no page
// runs the controls' script (a headless run not started by plmlab's
// scripts), Explore falls back to a static figure after it.
const connectTimeout = 10 * time.Second

// Explore draws an experiment's figures with controls bound to fields of
// its config: moving a slider or choosing an option reruns the experiment
// through the cache and redraws the figures in place. A change that
// arrives while a run is going cancels it; the last value wins.
//
// The first figure is the config with every control at its start. In a
// headless run (nbconvert, scripts/run-notebook.sh, the published site) or
// with PLMLAB_WIDGETS=off, Explore draws it, says that the cell is live in
// Jupyter, and returns. In a live notebook the controls stay live until
// Done is clicked, the kernel is interrupted, or nothing changed for five
// minutes (PLMLAB_EXPLORE_IDLE); the kernel runs no other cell meanwhile.
// The last figure then stays in the notebook.
func Explore[R experiment.Result](e experiment.Experiment[R], controls ...Control) {
	b, err := newBinding(e, controls)
	if err != nil {
		Fail(err)
	}
	first := Run(mustExperiment[R](b.config(b.start())))
	if !liveWidgets() {
		Show(first.Figures()...)
		ShowHTML(staticNote(b))
		return
	}
	idle, err := idleTimeout()
	if err != nil {
		Fail(err)
	}
	ctx, stop := interrupt.Context(context.Background(), nil)
	defer stop()
	ui := newExplorerUI(b)
	events, err := ui.connect(ctx, connectTimeout)
	if err != nil {
		Show(first.Figures()...)
		ShowHTML(staticNote(b) + `<p style="font-size:85%;color:#666">Live controls: ` + html.EscapeString(err.Error()) + `.</p>`)
		return
	}
	s := &session[R]{bind: b, idle: idle, run: experiment.Cached[R],
		draw:   func(p []int, r R, err error) { ui.draw(p, r, err) },
		status: ui.status}
	s.draw(b.start(), first, nil)
	pos, why := s.loop(ctx, events)
	ui.close(pos, why)
}

func mustExperiment[R experiment.Result](c experiment.Config, err error) experiment.Experiment[R] {
	if err != nil {
		Fail(err)
	}
	return c.(experiment.Experiment[R])
}

// liveWidgets reports whether Explore shows live controls: in a notebook,
// unless PLMLAB_WIDGETS=off.
func liveWidgets() bool {
	return InNotebook() && !strings.EqualFold(strings.TrimSpace(os.Getenv(WidgetsEnv)), "off")
}

func idleTimeout() (time.Duration, error) {
	s := strings.TrimSpace(os.Getenv(IdleEnv))
	if s == "" {
		return 5 * time.Minute, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 || d > 24*time.Hour {
		return 0, fmt.Errorf("%s=%q: want a duration between 1s and 24h, such as 10m", IdleEnv, s)
	}
	return d, nil
}

func staticNote(b *binding) string {
	names := make([]string, len(b.controls))
	for k, c := range b.controls {
		names[k] = c.Label
	}
	return `<p class="plmlab-explorer-static" style="font-size:85%;color:#555">▶ Drawn at ` + html.EscapeString(b.describe(b.start())) +
		`. In a live notebook (Jupyter with the plmlab kernel) this cell shows controls for ` +
		html.EscapeString(strings.Join(names, ", ")) + ` that redraw the figure in place.</p>`
}

// change is one event from the controls: control k moved to position pos
// (seq numbers the page's events; late deliveries are dropped); control
// −1 is the Done button.
type change struct {
	control, pos int
	seq          int64
}

// session runs an explorer's loop; run, draw and status are the cache,
// the page and the status line (replaced in tests). status may drop a
// line unless force is set (progress reports come faster than a page
// needs them).
type session[R experiment.Result] struct {
	bind   *binding
	idle   time.Duration
	run    func(context.Context, experiment.Experiment[R], experiment.Progress) (R, error)
	draw   func(pos []int, r R, err error)
	status func(line string, force bool)
}

// outcome is a finished run of generation gen.
type outcome[R experiment.Result] struct {
	gen int
	pos []int
	r   R
	err error
}

// Why a loop ended.
const (
	endDone        = "done"
	endIdle        = "idle"
	endInterrupted = "interrupted"
)

// loop applies changes until Done, ctx's end or idle time without a
// change or a draw (a long run is not cut short), and returns the last
// positions and why it ended. Each change cancels the run under way and
// starts one at the new positions; only the latest run's outcome is
// drawn. It returns after the last run stopped.
func (s *session[R]) loop(ctx context.Context, events <-chan change) ([]int, string) {
	pos := s.bind.start()
	lastSeq := make([]int64, len(pos))
	results := make(chan outcome[R])
	gen := 0
	cancel := func() {}
	running := make(chan struct{})
	close(running) // no run yet
	start := func() {
		cancel()
		gen++
		c, err := s.bind.config(pos)
		if err == nil {
			err = c.(experiment.Experiment[R]).Validate()
		}
		if err != nil {
			var zero R
			s.draw(clone(pos), zero, err)
			return
		}
		rctx, rcancel := context.WithCancel(ctx)
		cancel = rcancel
		g, p, prev := gen, clone(pos), running
		done := make(chan struct{})
		running = done
		s.status("computing "+s.bind.describe(p)+" …", true)
		go func() {
			defer close(done)
			<-prev // one run at a time: the superseded one has stopped
			if rctx.Err() != nil {
				return
			}
			report := func(r experiment.Report) {
				if rctx.Err() == nil && r.Cache == "" {
					s.status(fmt.Sprintf("computing %s: %d/%d %s", s.bind.describe(p), r.Done, r.Total, r.Step), false)
				}
			}
			r, err := s.run(rctx, c.(experiment.Experiment[R]), report)
			select {
			case results <- outcome[R]{gen: g, pos: p, r: r, err: err}:
			case <-rctx.Done(): // superseded, or the loop ended
			}
		}()
	}
	apply := func(e change) (moved, done bool) {
		if e.control < 0 {
			return false, true
		}
		if e.control >= len(pos) || e.pos < 0 || e.pos >= len(s.bind.controls[e.control].Values) || e.seq <= lastSeq[e.control] {
			return false, false
		}
		lastSeq[e.control] = e.seq
		moved = pos[e.control] != e.pos
		pos[e.control] = e.pos
		return moved, false
	}
	idle := time.NewTimer(s.idle)
	defer idle.Stop()
	end := func(why string) ([]int, string) {
		cancel()
		<-running
		return pos, why
	}
	for {
		select {
		case <-ctx.Done():
			return end(endInterrupted)
		case <-idle.C:
			return end(endIdle)
		case e := <-events:
			moved, done := apply(e)
			// Coalesce what is already queued: the last value wins.
		drain:
			for !done {
				select {
				case e := <-events:
					m, d := apply(e)
					moved, done = moved || m, d
				default:
					break drain
				}
			}
			if done {
				return end(endDone)
			}
			if moved {
				idle.Reset(s.idle)
				start()
			}
		case o := <-results:
			if o.gen != gen || errors.Is(o.err, context.Canceled) {
				continue
			}
			s.draw(o.pos, o.r, o.err)
			idle.Reset(s.idle) // idle time counts from the last change or draw
		}
	}
}

func clone(p []int) []int { return append([]int(nil), p...) }
