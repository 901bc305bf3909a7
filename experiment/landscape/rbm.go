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
	experiment.Register[RBMDuality, *RBMDualityResult]("the Hopfield ↔ Gaussian-hidden RBM duality, checked by exact enumeration (partition functions) and by sampling (block Gibbs against the heat bath)", false)
}

// RBMDuality checks the Hopfield ↔ RBM duality on a network small enough
// to enumerate: N visible spins, P patterns, W = ξᵀ/√N. At each β it
// compares log Z of the RBM (each hidden Gaussian integrated exactly) with
// log Z of the Hopfield model (enumeration) plus the constants of the
// Hubbard–Stratonovich transformation, and the exact ⟨m²⟩ of the first
// pattern's overlap with the RBM's block Gibbs sampler and the Hopfield
// heat bath (Chains chains each, from the pattern).
type RBMDuality struct {
	N      int       `json:"n" help:"visible spins N (at most 20: 2^N states are enumerated)"`
	P      int       `json:"p" help:"patterns = hidden units"`
	Betas  []float64 `json:"betas" help:"inverse temperatures β"`
	Chains int       `json:"chains" help:"chains per sampler (error bars: standard error over chains)"`
	BurnIn int       `json:"burn_in" help:"sweeps before averaging"`
	Sweeps int       `json:"sweeps" help:"sweeps averaged"`
	Seed   uint64    `json:"seed" help:"random seed (same seed, same numbers)"`
}

func (RBMDuality) Name() string { return "rbm-duality" }

// Quick: N = 12, two patterns, four temperatures (seconds).
func (RBMDuality) Quick() RBMDuality {
	return RBMDuality{N: 12, P: 2, Betas: []float64{0.5, 1, 1.5, 2}, Chains: 16, BurnIn: 200, Sweeps: 4000, Seed: 1}
}

// Paper: N = 16, more chains.
func (RBMDuality) Paper() RBMDuality {
	c := RBMDuality{}.Quick()
	c.N, c.Chains, c.Sweeps = 16, 32, 20000
	return c
}

func (c RBMDuality) Validate() error {
	v := experiment.NewValidator(c)
	v.AtLeast("N", c.N, 2)
	if c.N > plm.MaxEnumerationSpins {
		v.Fail("N", "at most %d (2^N states are enumerated), got %d", plm.MaxEnumerationSpins, c.N)
	}
	v.AtLeast("P", c.P, 1)
	if len(c.Betas) == 0 {
		v.Fail("Betas", "needs at least one β")
	}
	for _, b := range c.Betas {
		if !(b > 0) || b > 100 {
			v.Fail("Betas", "each β must be in (0, 100], got %v", c.Betas)
			break
		}
	}
	v.AtLeast("Chains", c.Chains, 2)
	v.AtLeast("BurnIn", c.BurnIn, 0)
	v.AtLeast("Sweeps", c.Sweeps, 1)
	v.Sum("BurnIn + Sweeps", c.BurnIn, c.Sweeps)
	v.Memory(limits.Must(4*4, c.Chains, c.N), limits.Must(8*4, c.Chains, c.P))
	return v.Err
}

// RBMDualityRow is one β.
type RBMDualityRow struct {
	Beta      float64 `json:"beta"`
	LogZRBM   float64 `json:"log_z_rbm"`
	LogZHop   float64 `json:"log_z_hopfield_plus_constants"`
	M2Exact   float64 `json:"m2_exact"`
	M2Gibbs   float64 `json:"m2_gibbs"`
	M2GibbsSE float64 `json:"m2_gibbs_se"`
	M2Heat    float64 `json:"m2_heat_bath"`
	M2HeatSE  float64 `json:"m2_heat_bath_se"`
}

// RBMDualityResult holds a row per β.
type RBMDualityResult struct {
	Config RBMDuality      `json:"config"`
	Rows   []RBMDualityRow `json:"rows"`
}

func (c RBMDuality) Run(ctx context.Context, progress experiment.Progress) (*RBMDualityResult, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	t := experiment.NewTracker(c.Name(), len(c.Betas), progress)
	xi, err := plm.RandomPatterns(c.P, c.N, sweep.NewRand(c.Seed, 1))
	if err != nil {
		return nil, err
	}
	J, err := plm.Hebb{}.Couplings(ctx, xi)
	if err != nil {
		return nil, err
	}
	starts := &plm.Patterns{P: c.Chains, N: c.N, Data: make([]float32, c.Chains*c.N)}
	for s := 0; s < c.Chains; s++ {
		copy(starts.Row(s), xi.Row(0))
	}
	res := &RBMDualityResult{Config: c}
	for k, beta := range c.Betas {
		t.At(k, fmt.Sprintf("β = %g", beta))
		rbm, err := plm.HopfieldRBM(xi, beta)
		if err != nil {
			return nil, err
		}
		lz, err := rbm.LogZ()
		if err != nil {
			return nil, err
		}
		b, err := plm.ExactBoltzmann(J, beta)
		if err != nil {
			return nil, err
		}
		row := RBMDualityRow{Beta: beta, LogZRBM: lz, LogZHop: b.LogZ + beta*float64(c.P)/2 + float64(c.P)/2*math.Log(2*math.Pi/beta)}
		b.Each(func(x []float32, p float64) {
			m, _ := plm.Overlap(x, xi.Row(0))
			row.M2Exact += p * m * m
		})
		g, err := rbm.Gibbs(ctx, starts, starts, c.BurnIn, c.Sweeps, c.Seed+uint64(k))
		if err != nil {
			return nil, err
		}
		hb, err := plm.HeatBath{T: 1 / beta, Mode: plm.Asynchronous, BurnIn: c.BurnIn, Sweeps: c.Sweeps, Seed: c.Seed + uint64(k)}.Run(ctx, J, starts, starts)
		if err != nil {
			return nil, err
		}
		row.M2Gibbs, row.M2GibbsSE = meanSquare(g)
		row.M2Heat, row.M2HeatSE = meanSquare(hb)
		res.Rows = append(res.Rows, row)
	}
	t.Finish()
	return res, nil
}

// meanSquare is the mean over chains of the time average of m², and its
// standard error over chains.
func meanSquare(eq *plm.Equilibrium) (float64, float64) {
	v := make([]float64, len(eq.Overlap))
	for s := range v {
		v[s] = eq.OverlapStd[s]*eq.OverlapStd[s] + eq.Overlap[s]*eq.Overlap[s]
	}
	return plm.MeanStdErr(v)
}

// Figures: ⟨m²⟩ against β (exact, RBM Gibbs, heat bath) and the table.
func (r *RBMDualityResult) Figures() []*figure.Panel {
	c := r.Config
	p := &figure.Panel{Panel: c.Name(), Config: c, Title: fmt.Sprintf("Hopfield (N = %d, P = %d) and its RBM: ⟨m²⟩ of the first pattern", c.N, c.P),
		XLabel: "β", YLabel: "⟨m²⟩", Legend: "bottom-right"}
	ex, gi, hb := figure.Series{Name: "exact (enumeration)"}, figure.Series{Name: "RBM block Gibbs", Points: true}, figure.Series{Name: "Hopfield heat bath", Points: true, Dashed: true}
	tab := &figure.Table{Header: []string{"β", "log Z_RBM", "log Z_Hopfield + (P/2) log(2π/β) + βP/2", "⟨m²⟩ exact", "RBM Gibbs", "heat bath"}}
	for _, row := range r.Rows {
		ex.X, ex.Y = append(ex.X, row.Beta), append(ex.Y, row.M2Exact)
		gi.X, gi.Y, gi.YErr = append(gi.X, row.Beta), append(gi.Y, row.M2Gibbs), append(gi.YErr, row.M2GibbsSE)
		hb.X, hb.Y, hb.YErr = append(hb.X, row.Beta), append(hb.Y, row.M2Heat), append(hb.YErr, row.M2HeatSE)
		tab.Rows = append(tab.Rows, []string{fmt.Sprint(row.Beta), fmt.Sprintf("%.10f", row.LogZRBM), fmt.Sprintf("%.10f", row.LogZHop), fmt.Sprintf("%.4f", row.M2Exact),
			fmt.Sprintf("%.4f ± %.4f", row.M2Gibbs, row.M2GibbsSE), fmt.Sprintf("%.4f ± %.4f", row.M2Heat, row.M2HeatSE)})
	}
	p.Series = []figure.Series{ex, gi, hb}
	return []*figure.Panel{p, {Panel: c.Name() + "-table", Config: c, Title: "Partition functions and overlaps", Table: tab,
		Caption: "Error bars: standard error over chains. The RBM's log Z integrates each Gaussian hidden unit exactly; Hopfield's enumerates the 2^N states."}}
}
