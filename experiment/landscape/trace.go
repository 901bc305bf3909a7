package landscape

import (
	"context"
	"fmt"

	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/experiment/internal/sweep"
	"github.com/plmlab/plmlab/figure"
	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/plm"
)

func init() {
	experiment.Register[RetrievalTrace, *RetrievalTraceResult]("the overlap along heat-bath chains from stored patterns at one (α, T), Hebb against PL, with the AGS overlap and lines at that load", false)
}

// RetrievalTrace is one point of the phase diagram watched in time: at
// load α and temperature T, heat-bath (sequential Glauber) chains from the
// first Starts patterns, for Hebb's and PL's couplings (rows rescaled to
// norm √α, as in PhaseDiagram), and the overlap with the start after each
// sweep, averaged over the chains. The AGS theory gives Hebb's equilibrium
// overlap m(α, T) and the lines T_M(α), T_c(α) at that load.
type RetrievalTrace struct {
	N      int     `json:"n" help:"number of spins N"`
	Alpha  float64 `json:"alpha" help:"load α = P/N"`
	T      float64 `json:"t" help:"temperature T, in units where every row has norm √α"`
	Starts int     `json:"starts" help:"stored patterns started from"`
	Sweeps int     `json:"sweeps" help:"sweeps of each chain"`
	Epochs int     `json:"epochs" help:"PL epochs"`
	LR     float64 `json:"lr" help:"PL learning rate"`
	Clip   float64 `json:"clip" help:"PL gradient-norm clipping"`
	Seed   uint64  `json:"seed" help:"random seed (same seed, same numbers)"`
}

func (RetrievalTrace) Name() string { return "retrieval-trace" }

// Quick: N = 200 at α = 0.1, T = 0.4 (about a second).
func (RetrievalTrace) Quick() RetrievalTrace {
	return RetrievalTrace{N: 200, Alpha: 0.1, T: 0.4, Starts: 4, Sweeps: 100, Epochs: 300, LR: 10, Clip: 20, Seed: 1}
}

// Paper: N = 500 (the paper's phase-diagram size), 10 starts, 400 sweeps.
func (RetrievalTrace) Paper() RetrievalTrace {
	c := RetrievalTrace{}.Quick()
	c.N, c.Starts, c.Sweeps, c.Epochs = 500, 10, 400, 1000
	return c
}

func (c RetrievalTrace) Validate() error {
	v := experiment.NewValidator(c)
	v.AtLeast("N", c.N, 10)
	v.OpenInterval("Alpha", c.Alpha, 0, 2)
	if !(c.T >= 0) || c.T > 100 {
		v.Fail("T", "must be in [0, 100], got %v", c.T)
	}
	v.AtLeast("Starts", c.Starts, 1)
	v.AtLeast("Sweeps", c.Sweeps, 1)
	v.Training(c.Epochs, c.LR, c.Clip)
	if v.Err == nil {
		if p := sweep.Count(c.Alpha, c.N); p < c.Starts {
			v.Fail("Starts", "%d starts, but α = %g gives only %d patterns at N = %d", c.Starts, c.Alpha, p, c.N)
		}
	}
	if v.Err == nil {
		v.Memory(append(sweep.CouplingBytes(sweep.Count(c.Alpha, c.N), c.N), limits.Must(8*2, c.Sweeps), limits.Must(8*2, c.Starts, c.N))...)
	}
	return v.Err
}

// RetrievalTraceResult holds the mean overlap after each sweep, per rule,
// and the theory at (α, T).
type RetrievalTraceResult struct {
	Config RetrievalTrace `json:"config"`
	Rules  []string       `json:"rules"`
	// Overlap[r][s] is rule r's overlap after sweep s+1, averaged over the
	// chains; Final[r] the mean over the last half of the sweeps.
	Overlap [][]float64 `json:"overlap"`
	Final   []float64   `json:"final"`
	// AGSM is Hebb's retrieval overlap in the RS theory (0 above T_M),
	// solved at T > 0 only (AGSSolved); TM, TC are the lines at α.
	AGSM      float64 `json:"ags_m"`
	AGSSolved bool    `json:"ags_solved"`
	TM        float64 `json:"t_m"`
	TC        float64 `json:"t_c"`
}

func (c RetrievalTrace) Run(ctx context.Context, progress experiment.Progress) (*RetrievalTraceResult, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	t := experiment.NewTracker(c.Name(), 3, progress)
	xi, err := plm.RandomPatterns(sweep.Count(c.Alpha, c.N), c.N, sweep.NewRand(c.Seed, 0))
	if err != nil {
		return nil, err
	}
	starts, err := xi.Subset(sweep.Seq(0, c.Starts))
	if err != nil {
		return nil, err
	}
	res := &RetrievalTraceResult{Config: c, Rules: []string{"Hebb", "PL"}}
	for r, rule := range res.Rules {
		t.At(r, rule)
		var pr plm.Rule = plm.Hebb{}
		if rule == "PL" {
			pr = plm.PseudoLikelihood{Epochs: c.Epochs, LearningRate: c.LR, GradClip: c.Clip, Progress: t.Training(c.Epochs)}
		}
		J, err := scaledCouplings(ctx, pr, xi, c.Alpha)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", rule, err)
		}
		state, trace := starts, make([]float64, c.Sweeps)
		for s := range trace {
			// One sweep at a time from the previous state: the same chain,
			// observed after every sweep.
			eq, err := plm.HeatBath{T: c.T, Mode: plm.Asynchronous, Sweeps: 1, Seed: c.Seed + uint64(1_000_000*r+s)}.Run(ctx, J, state, starts)
			if err != nil {
				return nil, err
			}
			trace[s], _ = plm.MeanStdErr(eq.Overlap)
			state = eq.Final
		}
		final, _ := plm.MeanStdErr(trace[c.Sweeps/2:])
		res.Final = append(res.Final, final)
		res.Overlap = append(res.Overlap, trace)
	}
	t.At(2, "AGS theory")
	if c.T > 0 {
		st, err := plm.SolveAGS(c.Alpha, c.T, true)
		if err != nil {
			return nil, err
		}
		res.AGSM, res.AGSSolved = st.M, true
	}
	if res.TM, res.TC, err = plm.AGSLines(c.Alpha); err != nil {
		return nil, err
	}
	return res, ctx.Err()
}

// Figures: the mean overlap against sweeps for Hebb and PL, with Hebb's
// AGS overlap as a dashed line.
func (r *RetrievalTraceResult) Figures() []*figure.Panel {
	c := r.Config
	p := &figure.Panel{Panel: c.Name(), Config: c,
		Title:  fmt.Sprintf("Overlap along the heat bath from a stored pattern, α = %g, T = %g, N = %d", c.Alpha, c.T, c.N),
		XLabel: "sweeps", YLabel: "overlap m", Legend: "bottom-left"}
	x := make([]float64, c.Sweeps)
	for s := range x {
		x[s] = float64(s + 1)
	}
	for k, name := range r.Rules {
		p.Series = append(p.Series, figure.Series{Name: name, X: x, Y: r.Overlap[k]})
	}
	agsText := "not solved at T = 0"
	if r.AGSSolved {
		p.Series = append(p.Series, figure.Series{Name: "AGS m (Hebb, RS)", X: []float64{1, float64(c.Sweeps)}, Y: []float64{r.AGSM, r.AGSM}, Dashed: true})
		agsText = fmt.Sprintf("%.3f", r.AGSM)
	}
	where := "above T_M: no retrieval state in the theory"
	switch {
	case c.T < r.TC:
		where = "below T_c: retrieval states are the global minima"
	case c.T < r.TM:
		where = "between T_c and T_M: retrieval states are metastable"
	}
	p.Caption = fmt.Sprintf("At α = %g the AGS lines are T_M = %.3f and T_c = %.3f (0: the line ended below this load); T = %g is %s. "+
		"Hebb's AGS overlap: %s. Mean over the last half of the sweeps: Hebb %.3f, PL %.3f (%d chains).",
		c.Alpha, r.TM, r.TC, c.T, where, agsText, r.Final[0], r.Final[1], c.Starts)
	p.Params = map[string]any{"dynamics": "sequential heat bath, one sweep between observations", "scale": "every row rescaled to norm √α (Hebb's row norm)",
		"t_m": r.TM, "t_c": r.TC, "final": map[string]float64{"Hebb": r.Final[0], "PL": r.Final[1]}}
	if r.AGSSolved {
		p.Params["ags_m"] = r.AGSM
	}
	return []*figure.Panel{p}
}
