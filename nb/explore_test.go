package nb

import (
	"context"

	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/figure"
)

// toy is a config with the field kinds controls bind to.
type toy struct {
	N       int       `json:"n"`
	Alpha   float64   `json:"alpha"`
	Lambdas []float64 `json:"lambdas"`
	Rules   []string  `json:"rules"`
	hidden  float64   //lint:ignore U1000 an unexported field controls must refuse
}

type toyResult struct{ C toy }

func (toyResult) Figures() []*figure.Panel { return nil }
func (toy) Name() string                   { return "toy" }
func (c toy) Validate() error {
	if c.Alpha < 0 {
		return fmt.Errorf("toy: Alpha must be ≥ 0, got %v", c.Alpha)
	}
	return nil
}
func (c toy) Run(context.Context, experiment.Progress) (toyResult, error) {
	return toyResult{C: c}, nil
}

func TestSliderValues(t *testing.T) {
	for _, tc := range []struct {
		name      string
		c         Control
		n         int
		first     string
		last      string
		start     string
		wantError string
	}{
		{"tenths", Slider("Alpha", 0.1, 1, 0.1, 0.3), 10, "0.1", "1", "0.3", ""},
		{"snaps to nearest", Slider("Alpha", 0, 2, 0.05, 0.437), 41, "0", "2", "0.45", ""},
		{"start below", Slider("Alpha", 1, 3, 1, -5), 3, "1", "3", "1", ""},
		{"integers", Slider("N", 1, 50, 1, 3), 50, "1", "50", "3", ""},
		{"log decades", LogSlider("Lambdas", 0.1, 10, 1.6), 21, "0.1", "10", "1.6", ""},
		{"log inside", LogSlider("Lambdas", 0.05, 50, 7), 31, "0.05", "50", "6.3", ""},
		{"log no value", LogSlider("Lambdas", 0.11, 0.12, 0.11), 0, "", "", "", "no value"},
		{"NaN", Slider("Alpha", math.NaN(), 1, 0.1, 0), 0, "", "", "", "finite"},
		{"empty range", Slider("Alpha", 1, 1, 0.1, 1), 0, "", "", "", "min < max"},
		{"zero step", Slider("Alpha", 0, 1, 0, 0), 0, "", "", "", "step > 0"},
		{"too many", Slider("Alpha", 0, 1, 1e-6, 0), 0, "", "", "", "positions"},
		{"log from zero", LogSlider("Lambdas", 0, 10, 1), 0, "", "", "", "0 < min"},
		{"no options", Select("Rules"), 0, "", "", "", "no options"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.wantError != "" {
				if tc.c.err == nil || !strings.Contains(tc.c.err.Error(), tc.wantError) {
					t.Fatalf("error %v, want one saying %q", tc.c.err, tc.wantError)
				}
				if _, err := newBinding(toy{}, []Control{tc.c}); err == nil {
					t.Fatal("newBinding accepted a bad control")
				}
				return
			}
			v := tc.c.Values
			if len(v) != tc.n || v[0] != tc.first || v[len(v)-1] != tc.last || v[tc.c.Start] != tc.start {
				t.Fatalf("%d values %v…%v start %v; want %d, %s…%s start %s", len(v), v[0], v[len(v)-1], v[tc.c.Start], tc.n, tc.first, tc.last, tc.start)
			}
			for _, s := range v {
				if len(s) > 8 {
					t.Errorf("value %q not rounded", s)
				}
			}
		})
	}
}

func TestBindingConfig(t *testing.T) {
	base := toy{N: 100, Alpha: 0.4, Lambdas: []float64{0.2, 0.8}, Rules: []string{"pl", "hebb"}}
	b, err := newBinding(base, []Control{
		Slider("Alpha", 0.1, 1, 0.1, 0.4),
		LogSlider("Lambdas", 0.1, 10, 1).WithLabel("λ"),
		Select("Rules", "hebb", "pseudo-inverse"),
		Slider("N", 50, 200, 50, 100),
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := b.config(b.start())
	if err != nil {
		t.Fatal(err)
	}
	want := toy{N: 100, Alpha: 0.4, Lambdas: []float64{1}, Rules: []string{"hebb"}}
	if !reflect.DeepEqual(c, want) {
		t.Fatalf("start config %+v, want %+v", c, want)
	}
	c, err = b.config([]int{8, 0, 1, 3})
	if err != nil {
		t.Fatal(err)
	}
	want = toy{N: 200, Alpha: 0.9, Lambdas: []float64{0.1}, Rules: []string{"pseudo-inverse"}}
	if !reflect.DeepEqual(c, want) {
		t.Fatalf("config %+v, want %+v", c, want)
	}
	if !reflect.DeepEqual(base.Lambdas, []float64{0.2, 0.8}) || base.Alpha != 0.4 {
		t.Fatalf("the base config changed: %+v", base)
	}
	if got := b.describe([]int{8, 0, 1, 3}); got != "Alpha = 0.9 · λ = 0.1 · Rules = pseudo-inverse · N = 200" {
		t.Fatalf("describe: %q", got)
	}
	if _, err := b.config([]int{10, 0, 0, 0}); err == nil {
		t.Fatal("position past the end accepted")
	}
	if _, err := b.config([]int{1}); err == nil {
		t.Fatal("too few positions accepted")
	}
}

func TestBindingErrors(t *testing.T) {
	for name, cs := range map[string][]Control{
		"unknown field":    {Slider("Beta", 0, 1, 0.1, 0)},
		"unexported field": {Slider("hidden", 0, 1, 0.1, 0)},
		"two on one field": {Slider("Alpha", 0, 1, 0.1, 0), Slider("Alpha", 0, 2, 0.1, 0)},
		"not a number":     {Select("Alpha", "0.1", "many")},
		"not an integer":   {Slider("N", 0, 1, 0.5, 0)},
		"none":             {},
		"bad start":        {{Field: "Alpha", Values: []string{"1"}, Start: 3}},
		"labels mismatch":  {{Field: "Alpha", Values: []string{"1", "2"}, Labels: []string{"one"}}},
	} {
		if _, err := newBinding(toy{}, cs); err == nil {
			t.Errorf("%s: accepted", name)
		} else if !strings.HasPrefix(err.Error(), "explore: ") {
			t.Errorf("%s: error %q does not say where it comes from", name, err)
		}
	}
}

func TestParseChange(t *testing.T) {
	if e, ok := parseChange(2, "17,5"); !ok || e != (change{control: 2, pos: 5, seq: 17}) {
		t.Fatalf("parseChange: %+v %v", e, ok)
	}
	for _, s := range []string{"", "5", "a,1", "1,b", "1,2,3"} {
		if _, ok := parseChange(0, s); ok {
			t.Errorf("parseChange(%q) accepted", s)
		}
	}
}

// recorder is a session's page and cache in a test: runs block until
// released (or cancelled), draws are recorded.
type recorder struct {
	mu        sync.Mutex
	draws     []toy
	errs      []error
	cancelled int
	started   []toy
	running   atomic.Int32
	overlap   atomic.Bool
	release   chan struct{}
	drawn     chan struct{}
}

func newSession(t *testing.T, rec *recorder, idle time.Duration, controls ...Control) *session[toyResult] {
	t.Helper()
	b, err := newBinding(toy{N: 10, Alpha: 0.5}, controls)
	if err != nil {
		t.Fatal(err)
	}
	rec.drawn = make(chan struct{}, 100)
	return &session[toyResult]{bind: b, idle: idle,
		run: func(ctx context.Context, e experiment.Experiment[toyResult], _ experiment.Progress) (toyResult, error) {
			if rec.running.Add(1) > 1 {
				rec.overlap.Store(true)
			}
			defer rec.running.Add(-1)
			rec.mu.Lock()
			rec.started = append(rec.started, e.(toy))
			rec.mu.Unlock()
			select {
			case <-rec.release:
				return e.Run(ctx, nil)
			case <-ctx.Done():
				rec.mu.Lock()
				rec.cancelled++
				rec.mu.Unlock()
				return toyResult{}, ctx.Err()
			}
		},
		draw: func(_ []int, r toyResult, err error) {
			rec.mu.Lock()
			rec.draws, rec.errs = append(rec.draws, r.C), append(rec.errs, err)
			rec.mu.Unlock()
			rec.drawn <- struct{}{}
		},
		status: func(string, bool) {},
	}
}

func waitDrawn(t *testing.T, rec *recorder) {
	t.Helper()
	select {
	case <-rec.drawn:
	case <-time.After(10 * time.Second):
		t.Fatal("no draw within 10 s")
	}
}

// A change while a run is going cancels it; only the last value is drawn;
// runs never overlap; Done ends the loop after the run stopped.
func TestSessionLastValueWins(t *testing.T) {
	rec := &recorder{release: make(chan struct{})}
	s := newSession(t, rec, time.Minute, Slider("Alpha", 0, 1, 0.1, 0.5))
	events := make(chan change, 10)
	type ended struct {
		pos []int
		why string
	}
	out := make(chan ended, 1)
	go func() { p, w := s.loop(context.Background(), events); out <- ended{p, w} }()

	events <- change{control: 0, pos: 2, seq: 1}
	for deadline := time.Now().Add(10 * time.Second); ; {
		rec.mu.Lock()
		n := len(rec.started)
		rec.mu.Unlock()
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the first run did not start")
		}
		time.Sleep(time.Millisecond)
	}
	events <- change{control: 0, pos: 7, seq: 2}
	events <- change{control: 0, pos: 3, seq: 3} // the last value: 0.3
	for deadline := time.Now().Add(10 * time.Second); ; {
		rec.mu.Lock()
		n := rec.cancelled
		rec.mu.Unlock()
		if n >= 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the first run was not cancelled")
		}
		time.Sleep(time.Millisecond)
	}
	close(rec.release) // runs now finish unless cancelled
	waitDrawn(t, rec)
	events <- change{control: -1}
	e := <-out
	if e.why != endDone || e.pos[0] != 3 {
		t.Fatalf("ended %q at %v, want done at [3]", e.why, e.pos)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.draws) != 1 || rec.draws[0].Alpha != 0.3 || rec.errs[0] != nil {
		t.Fatalf("draws %+v (errors %v), want one at α = 0.3", rec.draws, rec.errs)
	}
	if rec.started[0].Alpha != 0.2 || rec.started[len(rec.started)-1].Alpha != 0.3 || rec.cancelled != len(rec.started)-1 {
		t.Fatalf("runs %+v, %d cancelled; want 0.2 first, 0.3 last, all but the last cancelled", rec.started, rec.cancelled)
	}
	if rec.overlap.Load() {
		t.Fatal("two runs at once")
	}
}

// Late deliveries (older seq) and repeats of the current value start
// nothing; invalid configs are drawn as errors without running.
func TestSessionOrderAndErrors(t *testing.T) {
	rec := &recorder{release: make(chan struct{})}
	close(rec.release)
	s := newSession(t, rec, time.Minute, Select("Alpha", "0.5", "0.25", "-1"))
	events := make(chan change, 10)
	done := make(chan string, 1)
	go func() { _, w := s.loop(context.Background(), events); done <- w }()

	events <- change{control: 0, pos: 1, seq: 5}
	waitDrawn(t, rec)
	events <- change{control: 0, pos: 0, seq: 4} // older than 5: dropped
	events <- change{control: 0, pos: 1, seq: 6} // same value: nothing to do
	events <- change{control: 3, pos: 0, seq: 7} // no such control
	events <- change{control: 0, pos: 2, seq: 8} // α = −1: invalid
	waitDrawn(t, rec)
	events <- change{control: -1}
	if w := <-done; w != endDone {
		t.Fatalf("ended %q", w)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.started) != 1 || rec.started[0].Alpha != 0.25 {
		t.Fatalf("runs %+v, want one at α = 0.25", rec.started)
	}
	if len(rec.errs) != 2 || rec.errs[0] != nil || rec.errs[1] == nil || !strings.Contains(rec.errs[1].Error(), "Alpha must be ≥ 0") {
		t.Fatalf("draw errors %v, want nil then the validation error", rec.errs)
	}
}

// Idle time and cancellation end the loop; a run under way is stopped
// before the loop returns.
func TestSessionEnds(t *testing.T) {
	rec := &recorder{release: make(chan struct{})}
	s := newSession(t, rec, 50*time.Millisecond, Slider("Alpha", 0, 1, 0.5, 0))
	if _, w := s.loop(context.Background(), make(chan change)); w != endIdle {
		t.Fatalf("without changes: %q, want idle", w)
	}

	rec = &recorder{release: make(chan struct{})}
	s = newSession(t, rec, time.Minute, Slider("Alpha", 0, 1, 0.5, 0))
	ctx, cancel := context.WithCancel(context.Background())
	events := make(chan change, 1)
	events <- change{control: 0, pos: 2, seq: 1}
	go func() {
		for rec.running.Load() == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	if _, w := s.loop(ctx, events); w != endInterrupted {
		t.Fatalf("cancelled: %q", w)
	}
	if rec.running.Load() != 0 || rec.cancelled != 1 {
		t.Fatalf("returned with %d runs going, %d cancelled", rec.running.Load(), rec.cancelled)
	}
}

func TestPanelHTML(t *testing.T) {
	b, err := newBinding(toy{}, []Control{Slider("Alpha", 0.1, 1, 0.1, 0.4).WithLabel("α <load>"), Select("Rules", "pl", "hebb")})
	if err != nil {
		t.Fatal(err)
	}
	h := newExplorerUI(b).panelHTML()
	for _, want := range []string{`type="range" data-k="0" min="0" max="9" value="3"`, `<select data-k="1"`,
		`<option value="0" selected>pl</option>`, `<option value="1">hebb</option>`, "α &lt;load&gt;",
		`[["0.1","0.2","0.3","0.4","0.5","0.6","0.7","0.8","0.9","1"],["pl","hebb"]]`, `plmlab-done`} {
		if !strings.Contains(h, want) {
			t.Errorf("panel lacks %s", want)
		}
	}
	if strings.Contains(h, "<load>") {
		t.Error("label not escaped")
	}
	if n := strings.Count(h, "<script>"); n != 1 {
		t.Errorf("%d scripts", n)
	}
}

func TestWidgetsOff(t *testing.T) {
	// Outside a notebook Explore never waits for a page.
	if liveWidgets() {
		t.Fatal("live widgets outside a notebook")
	}
	t.Setenv(IdleEnv, "90s")
	if d, err := idleTimeout(); err != nil || d != 90*time.Second {
		t.Fatalf("idle %v %v", d, err)
	}
	for _, bad := range []string{"soon", "-1m", "0s", "100h"} {
		t.Setenv(IdleEnv, bad)
		if _, err := idleTimeout(); err == nil || !strings.Contains(err.Error(), IdleEnv) {
			t.Errorf("%s=%q: %v", IdleEnv, bad, err)
		}
	}
}

func TestSelectEach(t *testing.T) {
	base := toy{Rules: []string{"pl", "hebb", "max-stability"}}
	c := SelectEach("Rules", base.Rules...).WithLabel("rule")
	b, err := newBinding(base, []Control{c})
	if err != nil {
		t.Fatal(err)
	}
	// The first position is the config as given: the static figure's.
	if got, _ := b.config(b.start()); !reflect.DeepEqual(got, base) {
		t.Fatalf("start %+v, want %+v", got, base)
	}
	if got, _ := b.config([]int{3}); !reflect.DeepEqual(got.(toy).Rules, []string{"max-stability"}) {
		t.Fatalf("position 3: %+v", got)
	}
	if d := b.describe([]int{0}) + " / " + b.describe([]int{2}); d != "rule = all / rule = hebb" {
		t.Fatalf("describe: %q", d)
	}
	h := newExplorerUI(b).panelHTML()
	if !strings.Contains(h, `<option value="0" selected>all</option>`) || !strings.Contains(h, `["all","pl","hebb","max-stability"]`) {
		t.Errorf("panel shows the values, not the labels:\n%s", h)
	}
	if c := SelectEach("Rules", "a,b"); c.err == nil {
		t.Error("an option with a comma accepted")
	}
}
