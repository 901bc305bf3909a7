package vector

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/experiment/internal/sweep"
	"github.com/plmlab/plmlab/figure"
	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/plm"
)

func init() {
	experiment.RegisterGrid[VectorPhaseDiagram, vectorPhaseUnit, *VectorPhaseDiagramResult]("the equilibrium phase diagram of the vector Hopfield network: RS lines against α = P/N and α'' = Pd/N for several d, the T = 0 capacity α_c(d), and heat-bath retrieval over (α, T) on top", false)
}

// VectorPhaseDiagram draws the replica-symmetric phase diagram of the
// vector Hopfield network with Hebb's tensor couplings (plm.SolveVectorRS):
// the retrieval line T_M, the line T_c below which retrieval states are
// the global minima, and the spin-glass line T_g, for each d in Dims; the
// T = 0 capacity α_c(d); and, for d = SimDim, the overlap measured by the
// sequential heat bath (plm.VectorHeatBath) from the stored patterns over
// an (α, T) grid, with the RS overlap at the same points. Temperatures are
// given as T·d: the α → 0 transition is at T = 1/d for every d.
type VectorPhaseDiagram struct {
	Dims         []int     `json:"dims" help:"spin dimensions d of the RS lines"`
	LineLoads    []float64 `json:"line_loads" help:"loads α'' = αd = Pd/N at which the lines are solved (each in (0, 0.16])"`
	CapacityDims []int     `json:"capacity_dims" help:"dimensions d of the T = 0 capacity α_c(d)"`
	SimDim       int       `json:"sim_dim" help:"spin dimension d of the heat-bath measurement"`
	N            int       `json:"n" help:"number of spins N of the measurement"`
	Alphas       []float64 `json:"alphas" help:"loads α = P/N of the measurement"`
	Temps        []float64 `json:"temps" help:"temperatures of the measurement, as T·d"`
	Starts       int       `json:"starts" help:"stored patterns started from at each (α, T)"`
	BurnIn       int       `json:"burn_in" help:"sweeps before the overlap is averaged"`
	Sweeps       int       `json:"sweeps" help:"sweeps the overlap is averaged over"`
	Seed         uint64    `json:"seed" help:"random seed (same seed, same numbers)"`
}

func (VectorPhaseDiagram) Name() string { return "vector-phase-diagram" }

// Quick: lines for d = 1, 3, 10, 50 at eight loads, eleven capacities, and
// the heat bath at N = 400, d = 3 on a 7 × 7 grid (about a minute).
func (VectorPhaseDiagram) Quick() VectorPhaseDiagram {
	return VectorPhaseDiagram{Dims: []int{1, 3, 10, 50}, LineLoads: []float64{0.005, 0.02, 0.04, 0.06, 0.08, 0.1, 0.12, 0.14},
		CapacityDims: []int{1, 2, 3, 4, 5, 7, 10, 15, 20, 30, 50}, SimDim: 3, N: 400,
		Alphas: []float64{0.005, 0.015, 0.025, 0.035, 0.045, 0.055, 0.07}, Temps: []float64{0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 1},
		Starts: 2, BurnIn: 30, Sweeps: 60, Seed: 1}
}

// Paper: lines every 0.005 in α”, every d from 1 to 50 for α_c(d), and
// N = 2000 on a 13 × 12 grid with four starts and longer chains.
func (VectorPhaseDiagram) Paper() VectorPhaseDiagram {
	c := VectorPhaseDiagram{}.Quick()
	c.LineLoads = append([]float64{0.002}, sweep.Grid(0.005, 0.155, 0.005)...)
	c.CapacityDims = nil
	for d := 1; d <= 50; d++ {
		c.CapacityDims = append(c.CapacityDims, d)
	}
	c.N, c.Alphas, c.Temps, c.Starts, c.BurnIn, c.Sweeps = 2000, sweep.Grid(0.005, 0.065, 0.005), sweep.Grid(0.05, 1.1, 0.1), 4, 100, 200
	return c
}

func (c VectorPhaseDiagram) Validate() error {
	v := experiment.NewValidator(c)
	checkDims := func(name string, ds []int, hi int) {
		for _, d := range ds {
			if d < 1 || d > hi {
				v.Fail(name, "each d must be in [1, %d], got %v", hi, ds)
				return
			}
		}
	}
	if len(c.Dims) == 0 {
		v.Fail("Dims", "needs at least one dimension")
	}
	checkDims("Dims", c.Dims, plm.MaxVectorDim)
	checkDims("CapacityDims", c.CapacityDims, plm.MaxVectorDim)
	checkDims("SimDim", []int{c.SimDim}, 8)
	for _, x := range c.LineLoads {
		if !(x > 0 && x <= 0.16) {
			v.Fail("LineLoads", "each α'' must be in (0, 0.16] (α''_c ≈ 0.15 for every d), got %v", c.LineLoads)
			break
		}
	}
	v.AtLeast("N", c.N, 10)
	v.Loads("Alphas", c.Alphas, 1)
	if len(c.Temps) == 0 {
		v.Fail("Temps", "needs at least one temperature")
	}
	for _, t := range c.Temps {
		if !(t >= 0 && t <= 10) {
			v.Fail("Temps", "each T·d must be in [0, 10], got %v", c.Temps)
			break
		}
	}
	v.AtLeast("Starts", c.Starts, 1)
	v.AtLeast("BurnIn", c.BurnIn, 0)
	v.AtLeast("Sweeps", c.Sweeps, 1)
	v.Sum("BurnIn + Sweeps", c.BurnIn, c.Sweeps)
	if v.Err == nil {
		for _, a := range c.Alphas {
			if p := sweep.Count(a, c.N); p < c.Starts {
				v.Fail("Starts", "%d starts, but α = %g gives only %d patterns at N = %d", c.Starts, a, p, c.N)
				break
			}
		}
		nd := c.N * c.SimDim
		v.Memory(limits.Must(4*3, nd, nd), limits.Must(4, sweep.MaxCount(c.Alphas, c.N), nd), limits.Must(8*4, len(c.Temps), len(c.Alphas)))
	}
	return v.Err
}

// lineDims are the dimensions whose lines are solved: Dims and SimDim.
func (c VectorPhaseDiagram) lineDims() []int {
	ds := slices.Clone(c.Dims)
	if !slices.Contains(ds, c.SimDim) {
		ds = append(ds, c.SimDim)
	}
	return ds
}

// vectorPhaseUnit is one grid point: the measured and RS overlaps at one
// load (per temperature), the lines at one (d, α”), a dimension's line
// ends, or one capacity.
type vectorPhaseUnit struct {
	Overlap, Theory []float64
	TM, TC          float64
	EndM, EndC      float64
	Capacity        float64
}

type phaseCell struct {
	kind string // "sim", "line", "ends", "capacity"
	d, k int
}

func (c VectorPhaseDiagram) cells() []phaseCell {
	var out []phaseCell
	for k := range c.Alphas {
		out = append(out, phaseCell{"sim", c.SimDim, k})
	}
	for _, d := range c.lineDims() {
		out = append(out, phaseCell{"ends", d, 0})
		for k := range c.LineLoads {
			out = append(out, phaseCell{"line", d, k})
		}
	}
	for _, d := range c.CapacityDims {
		out = append(out, phaseCell{"capacity", d, 0})
	}
	return out
}

// Points: a chain costs its sweeps × N field updates of N·d² each; the
// theory's root searches, measured, about 0.3 + 0.075·d seconds per line
// point (≈ 10⁹ of the chains' units per second).
func (c VectorPhaseDiagram) Points() []experiment.GridPoint {
	var pts []experiment.GridPoint
	n, d := float64(c.N), float64(c.SimDim)
	for _, cell := range c.cells() {
		sec := 0.3 + 0.075*float64(cell.d)
		var label string
		switch cell.kind {
		case "sim":
			a := c.Alphas[cell.k]
			pts = append(pts, experiment.GridPoint{Label: fmt.Sprintf("heat bath d=%d α=%g", cell.d, a),
				Cost: float64(len(c.Temps)*c.Starts*(c.BurnIn+c.Sweeps))*n*n*d*d + 1e7*float64(len(c.Temps))})
			continue
		case "line":
			label = fmt.Sprintf("RS lines d=%d α''=%g", cell.d, c.LineLoads[cell.k])
		case "ends":
			label, sec = fmt.Sprintf("RS line ends d=%d", cell.d), 2*sec
		default:
			label, sec = fmt.Sprintf("capacity d=%d", cell.d), sec/2
		}
		pts = append(pts, experiment.GridPoint{Label: label, Cost: 1e9 * sec})
	}
	return pts
}

func (c VectorPhaseDiagram) RunPoints(ctx context.Context, idx []int, t *experiment.Tracker, emit func(int, vectorPhaseUnit) error) error {
	cells, pts := c.cells(), c.Points()
	for j, k := range idx {
		cell := cells[k]
		t.At(j, pts[k].Label)
		var u vectorPhaseUnit
		var err error
		switch cell.kind {
		case "sim":
			u, err = c.measure(ctx, cell.k)
		case "line":
			a := c.LineLoads[cell.k] / float64(cell.d)
			u.TM, u.TC, err = plm.VectorRSLines(cell.d, a)
		case "ends":
			u.EndM, u.EndC, err = plm.VectorRSLineEnds(cell.d)
		default:
			u.Capacity, err = plm.VectorRSCapacity(cell.d)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", pts[k].Label, err)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := emit(k, u); err != nil {
			return err
		}
	}
	return nil
}

// measure runs the heat bath at load index ia for every temperature, and
// solves the RS retrieval state there.
func (c VectorPhaseDiagram) measure(ctx context.Context, ia int) (vectorPhaseUnit, error) {
	a, d := c.Alphas[ia], c.SimDim
	x, err := plm.RandomVectorPatterns(sweep.Count(a, c.N), c.N, d, sweep.NewRand(c.Seed, uint64(ia)))
	if err != nil {
		return vectorPhaseUnit{}, err
	}
	J, err := plm.VectorHebb(x)
	if err != nil {
		return vectorPhaseUnit{}, err
	}
	nd := c.N * d
	starts := &plm.VectorPatterns{P: c.Starts, N: c.N, D: d, Data: x.Data[:c.Starts*nd]}
	var u vectorPhaseUnit
	for ti, td := range c.Temps {
		T := td / float64(d)
		eq, err := plm.VectorHeatBath{T: T, Mode: plm.Asynchronous, BurnIn: c.BurnIn, Sweeps: c.Sweeps, Seed: c.Seed + uint64(1000*ia+ti)}.Run(ctx, J, starts, starts)
		if err != nil {
			return u, err
		}
		m, _ := plm.MeanStdErr(eq.Overlap)
		u.Overlap = append(u.Overlap, m)
		st, err := plm.SolveVectorRS(d, a, T, true)
		if err != nil {
			return u, err
		}
		u.Theory = append(u.Theory, st.M)
	}
	return u, nil
}

// VectorRSLinesOf are one dimension's lines on the grid of loads α = α”/d
// (temperatures T, 0 where a line does not exist) and the loads where T_M
// and T_c end.
type VectorRSLinesOf struct {
	D                 int
	Alpha, TM, TC, TG []float64
	EndM, EndC        float64
}

// VectorPhaseDiagramResult holds the lines per dimension, the capacities,
// and the measured (Z) and RS (Theory) overlaps [T][α] for SimDim.
type VectorPhaseDiagramResult struct {
	Config   VectorPhaseDiagram `json:"config"`
	Lines    []VectorRSLinesOf  `json:"lines"`
	Capacity []float64          `json:"capacity"`
	Z        [][]float64        `json:"z"`
	Theory   [][]float64        `json:"theory"`
}

func (c VectorPhaseDiagram) Assemble(units []vectorPhaseUnit) (*VectorPhaseDiagramResult, error) {
	res := &VectorPhaseDiagramResult{Config: c}
	cells := c.cells()
	res.Z, res.Theory = make([][]float64, len(c.Temps)), make([][]float64, len(c.Temps))
	for ti := range c.Temps {
		res.Z[ti], res.Theory[ti] = make([]float64, len(c.Alphas)), make([]float64, len(c.Alphas))
	}
	for k, cell := range cells {
		u := units[k]
		switch cell.kind {
		case "sim":
			if len(u.Overlap) != len(c.Temps) || len(u.Theory) != len(c.Temps) {
				return nil, fmt.Errorf("vector-phase-diagram: %d overlaps for %d temperatures", len(u.Overlap), len(c.Temps))
			}
			for ti := range c.Temps {
				res.Z[ti][cell.k], res.Theory[ti][cell.k] = u.Overlap[ti], u.Theory[ti]
			}
		case "ends":
			res.Lines = append(res.Lines, VectorRSLinesOf{D: cell.d, EndM: u.EndM, EndC: u.EndC})
		case "line":
			l := &res.Lines[len(res.Lines)-1]
			a := c.LineLoads[cell.k] / float64(cell.d)
			l.Alpha, l.TM, l.TC, l.TG = append(l.Alpha, a), append(l.TM, u.TM), append(l.TC, u.TC), append(l.TG, plm.VectorRSSpinGlassLine(cell.d, a))
		default:
			res.Capacity = append(res.Capacity, u.Capacity)
		}
	}
	return res, nil
}

func (c VectorPhaseDiagram) Run(ctx context.Context, progress experiment.Progress) (*VectorPhaseDiagramResult, error) {
	return experiment.RunGrid(ctx, c, progress)
}

// line is one line as drawn, x scaled by xs and T by ts: its points with
// T > 0 below its end, then the end itself at T = 0.
func (l VectorRSLinesOf) line(t []float64, end, xs, ts float64) (x, y []float64) {
	for k, a := range l.Alpha {
		if a < end && t[k] > 0 {
			x, y = append(x, a*xs), append(y, t[k]*ts)
		}
	}
	return append(x, end*xs), append(y, 0)
}

// LinesOf returns the lines of dimension d, nil if they were not solved.
func (r *VectorPhaseDiagramResult) LinesOf(d int) *VectorRSLinesOf {
	for k := range r.Lines {
		if r.Lines[k].D == d {
			return &r.Lines[k]
		}
	}
	return nil
}

// Figures: the measured overlap for SimDim with its RS lines on top and
// the RS overlap beside it; the lines of every d against α (log scale)
// and against α” = αd; the capacity α_c(d).
func (r *VectorPhaseDiagramResult) Figures() []*figure.Panel {
	c := r.Config
	ds := float64(c.SimDim)
	heat := &figure.Panel{Panel: c.Name(), Config: c, Title: fmt.Sprintf("Vector Hopfield (Hebb), d = %d, N = %d: overlap at temperature T from a stored pattern", c.SimDim, c.N),
		XLabel: "α = P/N", YLabel: "T·d", Legend: "top-right", SeriesOverFirst: true,
		Heatmaps: []figure.Heatmap{{Name: "heat bath", X: c.Alphas, Y: c.Temps, Z: r.Z}, {Name: "RS theory", X: c.Alphas, Y: c.Temps, Z: r.Theory}}}
	if l := r.LinesOf(c.SimDim); l != nil {
		mx, my := l.line(l.TM, l.EndM, 1, ds)
		cx, cy := l.line(l.TC, l.EndC, 1, ds)
		tg := make([]float64, len(l.TG))
		for k, v := range l.TG {
			tg[k] = v * ds
		}
		heat.Series = []figure.Series{{Name: "RS T_M", X: mx, Y: my}, {Name: "RS T_c", X: cx, Y: cy, Dashed: true}, {Name: "T_g", X: l.Alpha, Y: tg, Dashed: true}}
	}
	heat.Params = map[string]any{"dynamics": fmt.Sprintf("sequential heat bath (exact vMF draws), %d sweeps of burn-in, overlap averaged over %d sweeps, %d starts", c.BurnIn, c.Sweeps, c.Starts),
		"z": "time-averaged overlap with the pattern started from; RS theory: the retrieval state's m (0 where none exists)"}
	byAlpha := &figure.Panel{Panel: c.Name() + "-alpha", Config: c, Title: "RS lines against α = P/N: retrieval (T_M, solid) and global minimum (T_c, dashed)",
		XLabel: "α = P/N", YLabel: "T·d", LogX: true, Legend: "top-right"}
	byAlpha2 := &figure.Panel{Panel: c.Name() + "-alpha2", Config: c, Title: "The same against α'' = Pd/N", XLabel: "α'' = Pd/N", YLabel: "T·d", Legend: "top-right"}
	ends := map[string]any{"T_g": "(1 + √(α/d))/d, above every line drawn"}
	for _, d := range c.Dims {
		l := r.LinesOf(d)
		df := float64(d)
		for _, p := range []struct {
			panel *figure.Panel
			xs    float64
		}{{byAlpha, 1}, {byAlpha2, df}} {
			mx, my := l.line(l.TM, l.EndM, p.xs, df)
			cx, cy := l.line(l.TC, l.EndC, p.xs, df)
			p.panel.Series = append(p.panel.Series, figure.Series{Name: fmt.Sprintf("T_M d=%d", d), X: mx, Y: my},
				figure.Series{Name: fmt.Sprintf("T_c d=%d", d), X: cx, Y: cy, Dashed: true})
		}
		ends[fmt.Sprintf("alpha_M d=%d", d)], ends[fmt.Sprintf("alpha_C d=%d", d)] = l.EndM, l.EndC
	}
	// The loads where T_M (alpha_M) and T_c (alpha_C) reach T = 0.005/d.
	byAlpha.Params, byAlpha2.Params = ends, ends
	capacity := &figure.Panel{Panel: c.Name() + "-capacity", Config: c, Title: "T = 0 capacity against the spin dimension d",
		XLabel: "d", YLabel: "capacity", LogX: true, LogY: true, Legend: "bottom-left"}
	var xd, ac, ac2 []float64
	for k, d := range c.CapacityDims {
		xd, ac, ac2 = append(xd, float64(d)), append(ac, r.Capacity[k]), append(ac2, r.Capacity[k]*float64(d))
	}
	capacity.Series = []figure.Series{{Name: "α_c = P/N", X: xd, Y: ac, Points: true}, {Name: "α''_c = Pd/N", X: xd, Y: ac2, Points: true}}
	capacity.Params = map[string]any{"theory": "replica symmetric, T = 0 (q = 1, C = ((d−1)/d) E[1/|h|])"}
	return []*figure.Panel{heat, byAlpha, byAlpha2, capacity}
}

// CapacityOf returns α_c(d) if d is one of CapacityDims, NaN otherwise.
func (r *VectorPhaseDiagramResult) CapacityOf(d int) float64 {
	if k := slices.Index(r.Config.CapacityDims, d); k >= 0 {
		return r.Capacity[k]
	}
	return math.NaN()
}
