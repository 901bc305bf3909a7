package landscape

import (
	"context"
	"fmt"
	"math"

	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/experiment/internal/sweep"
	"github.com/plmlab/plmlab/figure"
	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/plm"
)

func init() {
	experiment.RegisterGrid[PhaseDiagram, phaseUnit, *PhaseDiagramResult]("the (α, T) phase diagram measured by heat-bath dynamics from stored patterns, for Hebb, PL and dreaming kernels, with the AGS lines", false)
}

// PhaseDiagram measures where the stored patterns stay retrieved at
// temperature T: at every (α, T), heat-bath (sequential Glauber) dynamics
// from each of the first Starts patterns, and the overlap with that pattern
// averaged over the sweeps after a burn-in. Rules: Hebb, PL (λ = 1, free
// norm, Hebb start) and the dreaming kernel at each sleeping time.
//
// Temperatures mean the same across rules only on a common scale: every
// row of every rule's couplings is rescaled to norm √α, Hebb's own row norm
// (‖J_i‖² = Σ_j (1/N²)(Σ_μ ξ_i^μ ξ_j^μ)² ≈ P/N), where the AGS theory
// applies. The zero-temperature dynamics is unchanged by it.
type PhaseDiagram struct {
	N          int       `json:"n" help:"number of spins N"`
	Alphas     []float64 `json:"alphas" help:"loads α = P/N (x axis)"`
	Temps      []float64 `json:"temps" help:"temperatures T (y axis), in units where every row has norm √α"`
	DreamTimes []float64 `json:"dream_times" help:"sleeping times t of the dreaming kernels (t = 0 is Hebb, t → ∞ the pseudo-inverse)"`
	Starts     int       `json:"starts" help:"stored patterns started from at each (α, T)"`
	BurnIn     int       `json:"burn_in" help:"sweeps before the overlap is averaged"`
	Sweeps     int       `json:"sweeps" help:"sweeps the overlap is averaged over"`
	Epochs     int       `json:"epochs" help:"PL epochs"`
	LR         float64   `json:"lr" help:"PL learning rate"`
	Clip       float64   `json:"clip" help:"PL gradient-norm clipping"`
	// AGSPoints is the number of loads at which the theory's lines are
	// solved (about a second each).
	AGSPoints int    `json:"ags_points" help:"loads at which the AGS lines are computed"`
	Seed      uint64 `json:"seed" help:"random seed (same seed, same numbers)"`
}

func (PhaseDiagram) Name() string { return "phase-diagram" }

// Quick: N = 200, a 7 × 8 grid (seconds, the AGS lines included).
func (PhaseDiagram) Quick() PhaseDiagram {
	return PhaseDiagram{N: 200, Alphas: []float64{0.02, 0.05, 0.08, 0.11, 0.14, 0.2, 0.3}, Temps: []float64{0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.2},
		DreamTimes: []float64{1, 10}, Starts: 4, BurnIn: 50, Sweeps: 100, Epochs: 300, LR: 10, Clip: 20, AGSPoints: 12, Seed: 1}
}

// Paper: N = 500, α every 0.01 from 0.02, T every 0.05, longer chains.
func (PhaseDiagram) Paper() PhaseDiagram {
	c := PhaseDiagram{}.Quick()
	c.N, c.Alphas, c.Temps, c.Starts, c.BurnIn, c.Sweeps, c.Epochs, c.AGSPoints = 500, sweep.Grid(0.02, 0.3, 0.01), sweep.Grid(0.05, 1.3, 0.05), 10, 200, 400, 1000, 30
	return c
}

func (c PhaseDiagram) Validate() error {
	v := experiment.NewValidator(c)
	v.AtLeast("N", c.N, 10)
	v.Loads("Alphas", c.Alphas, 0)
	if len(c.Temps) == 0 {
		v.Fail("Temps", "needs at least one temperature")
	}
	for _, t := range c.Temps {
		if !(t >= 0) || t > 100 {
			v.Fail("Temps", "temperatures must be in [0, 100], got %v", c.Temps)
			break
		}
	}
	for _, t := range c.DreamTimes {
		if !(t >= 0) {
			v.Fail("DreamTimes", "sleeping times must be ≥ 0 (+Inf: the pseudo-inverse), got %v", c.DreamTimes)
			break
		}
	}
	v.AtLeast("Starts", c.Starts, 1)
	v.AtLeast("BurnIn", c.BurnIn, 0)
	v.AtLeast("Sweeps", c.Sweeps, 1)
	v.AtLeast("AGSPoints", c.AGSPoints, 2)
	v.Sum("BurnIn + Sweeps", c.BurnIn, c.Sweeps)
	v.Training(c.Epochs, c.LR, c.Clip)
	if v.Err == nil {
		for _, a := range c.Alphas {
			if p := sweep.Count(a, c.N); p < c.Starts {
				v.Fail("Starts", "%d starts, but α = %g gives only %d patterns at N = %d", c.Starts, a, p, c.N)
				break
			}
		}
	}
	v.Memory(append(sweep.CouplingBytes(sweep.MaxCount(c.Alphas, c.N), c.N), limits.Must(8*4, c.AGSPoints), limits.Must(8*2, len(c.Temps), c.Starts, c.N))...)
	return v.Err
}

// rules are the rules' names, in the panel's order.
func (c PhaseDiagram) rules() []string {
	out := []string{"Hebb", "PL"}
	for _, t := range c.DreamTimes {
		out = append(out, fmt.Sprintf("dreaming t=%g", t))
	}
	return out
}

// phaseUnit is one rule at one load (overlap per temperature), or the AGS
// lines (the last point).
type phaseUnit struct {
	Overlap []float64
	Lines   *AGSLines
}

// AGSLines are the theory's lines on a grid of loads (0 where a line does
// not exist), and the loads where T_M and T_c end (plm.AGSLineEnds).
type AGSLines struct {
	Alpha, TM, TC, TG []float64
	EndM, EndC        float64
}

// line is one AGS line as drawn: its points with T > 0 below its end, then
// the end itself at T = 0, and nothing past it.
func (l AGSLines) line(t []float64, end float64) (x, y []float64) {
	for k, a := range l.Alpha {
		if a < end && t[k] > 0 {
			x, y = append(x, a), append(y, t[k])
		}
	}
	return append(x, end), append(y, 0)
}

// agsAlphas is the grid the lines are computed on: up to the largest load
// (or 0.15, past α_c).
func (c PhaseDiagram) agsAlphas() []float64 {
	top := 0.15
	for _, a := range c.Alphas {
		top = math.Max(top, a)
	}
	var out []float64
	for k := 1; k <= c.AGSPoints; k++ {
		out = append(out, math.Round(top*float64(k)/float64(c.AGSPoints)*1e4)/1e4)
	}
	return out
}

// Points are (rule, α), then the AGS lines. A point costs its chains
// (temperatures × starts × sweeps × N² for the field updates) and, for PL,
// its training.
func (c PhaseDiagram) Points() []experiment.GridPoint {
	var pts []experiment.GridPoint
	n := float64(c.N)
	chains := float64(len(c.Temps)*c.Starts*(c.BurnIn+c.Sweeps)) * n * n
	for _, r := range c.rules() {
		for _, a := range c.Alphas {
			cost := chains
			if r == "PL" {
				cost += float64(c.Epochs) * float64(sweep.Count(a, c.N)) * n * n
			}
			pts = append(pts, experiment.GridPoint{Label: fmt.Sprintf("%s α=%g", r, a), Cost: cost})
		}
	}
	// The lines: about two seconds of root finding per load, in the units
	// of the chains (≈ 1e9 updates per second).
	return append(pts, experiment.GridPoint{Label: "AGS lines", Cost: 2e9 * float64(len(c.agsAlphas()))})
}

// scaledCouplings is rule's couplings on xi with every row rescaled to
// norm √α, Hebb's own: the scale on which the AGS temperatures hold and
// one T means the same noise for every rule.
func scaledCouplings(ctx context.Context, rule plm.Rule, xi *plm.Patterns, alpha float64) (*plm.Couplings, error) {
	J, err := rule.Couplings(ctx, xi)
	if err != nil {
		return nil, err
	}
	return J, J.RescaleRows(math.Sqrt(alpha))
}

func (c PhaseDiagram) RunPoints(ctx context.Context, idx []int, t *experiment.Tracker, emit func(int, phaseUnit) error) error {
	rules, pts := c.rules(), c.Points()
	for j, k := range idx {
		t.At(j, pts[k].Label)
		if k == len(pts)-1 {
			l := &AGSLines{}
			l.EndM, l.EndC = plm.AGSLineEnds()
			for _, a := range c.agsAlphas() {
				tm, tc, err := plm.AGSLines(a)
				if err != nil {
					return err
				}
				l.Alpha, l.TM, l.TC, l.TG = append(l.Alpha, a), append(l.TM, tm), append(l.TC, tc), append(l.TG, plm.AGSSpinGlassLine(a))
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if err := emit(k, phaseUnit{Lines: l}); err != nil {
				return err
			}
			continue
		}
		rule, ia := rules[k/len(c.Alphas)], k%len(c.Alphas)
		a := c.Alphas[ia]
		xi, err := plm.RandomPatterns(sweep.Count(a, c.N), c.N, sweep.NewRand(c.Seed, uint64(ia)))
		if err != nil {
			return err
		}
		var r plm.Rule
		switch {
		case rule == "Hebb":
			r = plm.Hebb{}
		case rule == "PL":
			r = plm.PseudoLikelihood{Epochs: c.Epochs, LearningRate: c.LR, GradClip: c.Clip, Progress: t.Training(c.Epochs)}
		default:
			r = plm.Dreaming{T: c.DreamTimes[k/len(c.Alphas)-2]}
		}
		J, err := scaledCouplings(ctx, r, xi, a)
		if err != nil {
			return fmt.Errorf("%s: %w", pts[k].Label, err)
		}
		starts, err := xi.Subset(sweep.Seq(0, c.Starts))
		if err != nil {
			return err
		}
		u := phaseUnit{}
		for ti, temp := range c.Temps {
			eq, err := plm.HeatBath{T: temp, Mode: plm.Asynchronous, BurnIn: c.BurnIn, Sweeps: c.Sweeps, Seed: c.Seed + uint64(1000*ia+ti)}.Run(ctx, J, starts, starts)
			if err != nil {
				return err
			}
			m, _ := plm.MeanStdErr(eq.Overlap)
			u.Overlap = append(u.Overlap, m)
		}
		if err := emit(k, u); err != nil {
			return err
		}
	}
	return nil
}

// PhaseDiagramResult holds Z[rule][T][α] and the AGS lines.
type PhaseDiagramResult struct {
	Config PhaseDiagram  `json:"config"`
	Rules  []string      `json:"rules"`
	Z      [][][]float64 `json:"z"`
	Lines  AGSLines      `json:"ags"`
}

func (c PhaseDiagram) Assemble(units []phaseUnit) (*PhaseDiagramResult, error) {
	last := units[len(units)-1].Lines
	if last == nil {
		return nil, fmt.Errorf("phase-diagram: the last point holds no AGS lines")
	}
	res := &PhaseDiagramResult{Config: c, Rules: c.rules(), Lines: *last}
	for r := range res.Rules {
		z := make([][]float64, len(c.Temps))
		for ti := range c.Temps {
			z[ti] = make([]float64, len(c.Alphas))
			for ia := range c.Alphas {
				z[ti][ia] = units[r*len(c.Alphas)+ia].Overlap[ti]
			}
		}
		res.Z = append(res.Z, z)
	}
	return res, nil
}

func (c PhaseDiagram) Run(ctx context.Context, progress experiment.Progress) (*PhaseDiagramResult, error) {
	return experiment.RunGrid(ctx, c, progress)
}

// Figures: one heat map per rule (x = α, y = T, z = equilibrium overlap)
// and the AGS lines as series of the same panel, drawn over Hebb's map.
func (r *PhaseDiagramResult) Figures() []*figure.Panel {
	c := r.Config
	p := &figure.Panel{Panel: c.Name(), Config: c, Title: fmt.Sprintf("Overlap at temperature T from a stored pattern, N = %d", c.N),
		XLabel: "α = P/N", YLabel: "T", Legend: "top-right", SeriesOverFirst: true}
	for k, name := range r.Rules {
		p.Heatmaps = append(p.Heatmaps, figure.Heatmap{Name: name, X: c.Alphas, Y: c.Temps, Z: r.Z[k]})
	}
	l := r.Lines
	mx, my := l.line(l.TM, l.EndM)
	cx, cy := l.line(l.TC, l.EndC)
	p.Series = []figure.Series{{Name: "AGS T_M", X: mx, Y: my}, {Name: "AGS T_c", X: cx, Y: cy, Dashed: true}, {Name: "T_g", X: l.Alpha, Y: l.TG, Dashed: true}}
	p.Params = map[string]any{"dynamics": fmt.Sprintf("sequential heat bath, %d sweeps of burn-in, overlap averaged over %d sweeps, %d starts", c.BurnIn, c.Sweeps, c.Starts),
		"scale": "every row rescaled to norm √α (Hebb's row norm)", "z": "time-averaged overlap with the pattern started from",
		"ags_line_ends": map[string]float64{"alpha_M": l.EndM, "alpha_c": l.EndC}}
	return []*figure.Panel{p}
}
