package vector

import (
	"context"
	"fmt"
	"math"

	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/experiment/internal/sweep"
	"github.com/plmlab/plmlab/figure"
	"github.com/plmlab/plmlab/plm"
)

func init() {
	experiment.Register[SelfAttention, *SelfAttentionResult]("the simplified self-attention layer on vector couplings: does it descend the cost F? (symmetric random, Hebb and PL couplings, with and without normalisation)", false)
}

// SelfAttention runs the talk's simplified self-attention layer
// X_i ← Σ_{j≠i} a_{i←j} J_ij X_j, a_{i←j} = softmax_j(λ X_i·J_ij X_j), from a
// noisy pattern, with three kinds of couplings (symmetric random blocks
// J_ji = J_ijᵀ, tensorial Hebb, vector PL) and two normalisations (none;
// every token back on the unit sphere after each step), and records along
// the way the cost F = −(1/λ) Σ_i log Σ_{j≠i} exp(λ X_i·J_ij X_j), the
// overlap with the pattern and how the layer's update compares with −∇F.
type SelfAttention struct {
	N      int     `json:"n" help:"number of tokens (spins) N"`
	D      int     `json:"d" help:"token dimension d"`
	Alpha  float64 `json:"alpha" help:"load α = P/N of the patterns behind Hebb and PL"`
	Lambda float64 `json:"lambda" help:"attention inverse temperature λ (X_i·J_ij X_j is O(1/N) for Hebb at a pattern: λ ≈ N makes attention selective)"`
	Steps  int     `json:"steps" help:"layers (time steps)"`
	MIn    float64 `json:"m_in" help:"overlap of the start with pattern 1"`
	Epochs int     `json:"epochs" help:"PL epochs"`
	LR     float64 `json:"lr" help:"PL learning rate"`
	Seed   uint64  `json:"seed" help:"random seed (same seed, same numbers)"`
}

func (SelfAttention) Name() string { return "attention" }

// Quick: N = 40 tokens in d = 3 (seconds).
func (SelfAttention) Quick() SelfAttention {
	return SelfAttention{N: 40, D: 3, Alpha: 0.1, Lambda: 40, Steps: 30, MIn: 0.6, Epochs: 300, LR: 300, Seed: 1}
}

// Paper: N = 100, more layers.
func (SelfAttention) Paper() SelfAttention {
	c := SelfAttention{}.Quick()
	c.N, c.Lambda, c.Steps = 100, 100, 60
	return c
}

func (c SelfAttention) Validate() error {
	v := experiment.NewValidator(c)
	v.AtLeast("N", c.N, 3)
	if c.N > 400 {
		v.Fail("N", "at most 400 tokens (the cost is N²d² per step), got %d", c.N)
	}
	if c.D < 1 || c.D > 8 {
		v.Fail("D", "must be in [1, 8], got %d", c.D)
	}
	v.OpenInterval("Alpha", c.Alpha, 0, 4)
	v.Within("Lambda", c.Lambda, 1e-6, 1e6)
	v.AtLeast("Steps", c.Steps, 1)
	v.Within("MIn", c.MIn, -1, 1)
	v.Training(c.Epochs, c.LR, 0)
	return v.Err
}

// AttentionRun is one (couplings, normalisation) run, indexed by step.
type AttentionRun struct {
	Couplings     string    `json:"couplings"`
	Normalisation string    `json:"normalisation"`
	F             []float64 `json:"f"`       // F(X^t)
	Overlap       []float64 `json:"overlap"` // (1/N) Σ_i X̂_i·ξ_i^1
	// Cosine and Ratio compare the layer's output with −∇F at X^t:
	// cos(Layer, −∇F) and |Layer|/|−∇F|.
	Cosine []float64 `json:"cosine"`
	Ratio  []float64 `json:"ratio"`
	// Increases counts the steps at which F went up; MaxIncrease is the
	// largest rise, relative to |F|.
	Increases   int     `json:"increases"`
	MaxIncrease float64 `json:"max_increase"`
	// Norm is the mean token norm |X_i| at each step.
	Norm []float64 `json:"norm"`
	// Stopped says why a run ended early (non-finite F, tokens vanished).
	Stopped string `json:"stopped,omitempty"`
}

// SelfAttentionResult holds the runs and attention maps of the Hebb run on
// the sphere at the first and last step.
type SelfAttentionResult struct {
	Config   SelfAttention  `json:"config"`
	Runs     []AttentionRun `json:"runs"`
	MapStart [][]float64    `json:"map_start"`
	MapEnd   [][]float64    `json:"map_end"`
}

func (c SelfAttention) Run(ctx context.Context, progress experiment.Progress) (*SelfAttentionResult, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	t := experiment.NewTracker(c.Name(), 6, progress)
	n, d := c.N, c.D
	x, err := plm.RandomVectorPatterns(sweep.Count(c.Alpha, n), n, d, sweep.NewRand(c.Seed, 1))
	if err != nil {
		return nil, err
	}
	t.At(0, "couplings")
	hebb, err := plm.VectorHebb(x)
	if err != nil {
		return nil, err
	}
	pl, err := plm.VectorPseudoLikelihood{Epochs: c.Epochs, LearningRate: c.LR, GradClip: 20, Progress: t.Training(c.Epochs)}.Couplings(ctx, x)
	if err != nil {
		return nil, err
	}
	sym, err := plm.NewVectorCouplings(n, d)
	if err != nil {
		return nil, err
	}
	r := sweep.NewRand(c.Seed, 2)
	nd := n * d
	for row := 0; row < nd; row++ {
		for col := row + 1; col < nd; col++ {
			if row/d != col/d {
				v := float32(r.NormFloat64() / math.Sqrt(float64(n)))
				sym.W[row*nd+col], sym.W[col*nd+row] = v, v
			}
		}
	}
	start32 := make([]float32, nd)
	if err := plm.NoisyVectorStart(start32, x.Row(0), n, d, c.MIn, sweep.NewRand(c.Seed, 3)); err != nil {
		return nil, err
	}
	res := &SelfAttentionResult{Config: c}
	done := 0
	for _, k := range []struct {
		name string
		J    *plm.VectorCouplings
	}{{"symmetric random", sym}, {"Hebb", hebb}, {"PL", pl}} {
		for _, norm := range []string{"none", "sphere"} {
			t.At(done, k.name+", "+norm)
			run, start, end, err := c.layers(ctx, k.J, start32, x.Row(0), norm)
			if err != nil {
				return nil, fmt.Errorf("%s, %s: %w", k.name, norm, err)
			}
			run.Couplings = k.name
			res.Runs = append(res.Runs, run)
			if k.name == "Hebb" && norm == "sphere" {
				res.MapStart, res.MapEnd = start, end
			}
			done++
		}
	}
	t.Finish()
	return res, nil
}

// layers runs Steps layers from start and returns the run with the first
// and last attention maps.
func (c SelfAttention) layers(ctx context.Context, J *plm.VectorCouplings, start, xi []float32, norm string) (AttentionRun, [][]float64, [][]float64, error) {
	n, d := c.N, c.D
	run := AttentionRun{Normalisation: norm}
	x := make([]float64, n*d)
	for k, v := range start {
		x[k] = float64(v)
	}
	var first, last [][]float64
	for step := 0; step <= c.Steps; step++ {
		if err := ctx.Err(); err != nil {
			return run, nil, nil, err
		}
		a, err := plm.Attention(J, x, c.Lambda)
		if err != nil {
			run.Stopped = fmt.Sprintf("step %d: %v", step, err)
			break
		}
		if step == 0 {
			first = a.A
		}
		last = a.A
		if k := len(run.F); k > 0 && a.F > run.F[k-1]+1e-12*math.Abs(run.F[k-1]) {
			run.Increases++
			run.MaxIncrease = math.Max(run.MaxIncrease, (a.F-run.F[k-1])/math.Max(math.Abs(run.F[k-1]), 1e-300))
		}
		var dot, ll, gg, m float64
		for k := range x {
			g := a.Layer[k] + a.Key[k]
			dot, ll, gg = dot+a.Layer[k]*g, ll+a.Layer[k]*a.Layer[k], gg+g*g
		}
		var size float64
		for i := 0; i < n; i++ {
			var s, xx float64
			for b := 0; b < d; b++ {
				s += x[i*d+b] * float64(xi[i*d+b])
				xx += x[i*d+b] * x[i*d+b]
			}
			if xx > 0 {
				m += s / math.Sqrt(xx) / float64(n)
			}
			size += math.Sqrt(xx) / float64(n)
		}
		run.F, run.Overlap, run.Norm = append(run.F, a.F), append(run.Overlap, m), append(run.Norm, size)
		run.Cosine, run.Ratio = append(run.Cosine, dot/math.Sqrt(ll*gg)), append(run.Ratio, math.Sqrt(ll/gg))
		if step == c.Steps {
			break
		}
		copy(x, a.Layer)
		if norm == "sphere" {
			for i := 0; i < n; i++ {
				var s float64
				for b := 0; b < d; b++ {
					s += x[i*d+b] * x[i*d+b]
				}
				if s > 0 {
					s = 1 / math.Sqrt(s)
					for b := 0; b < d; b++ {
						x[i*d+b] *= s
					}
				}
			}
		}
		var tot float64
		for _, v := range x {
			tot += v * v
		}
		if !(tot > 1e-200) || math.IsInf(tot, 0) {
			run.Stopped = fmt.Sprintf("step %d: the tokens' norm went to %g", step+1, math.Sqrt(tot))
			break
		}
	}
	return run, first, last, nil
}

// Figures: F along the layers (per token), the overlap with the pattern,
// the agreement of the layer with −∇F, a table, and the attention maps.
func (r *SelfAttentionResult) Figures() []*figure.Panel {
	c := r.Config
	fp := &figure.Panel{Panel: c.Name(), Config: c, Title: fmt.Sprintf("Cost F/N along the layers, tokens on the sphere (N = %d, d = %d, λ = %g)", c.N, c.D, c.Lambda),
		XLabel: "layer t", YLabel: "F / N"}
	ov := &figure.Panel{Panel: c.Name() + "-overlap", Config: c, Title: "Overlap of the tokens with the pattern", XLabel: "layer t", YLabel: "(1/N) Σ X̂_i·ξ_i", Legend: "bottom-left"}
	cs := &figure.Panel{Panel: c.Name() + "-cosine", Config: c, Title: "cos(layer update, −∇F)", XLabel: "layer t", YLabel: "cosine", Legend: "bottom-left"}
	tab := &figure.Table{Header: []string{"couplings", "normalisation", "steps where F rose", "largest rise / |F|", "mean cos(layer, −∇F)", "mean |layer| / |∇F|", "final overlap", "mean |X_i| at the end", "stopped"}}
	for _, run := range r.Runs {
		name := run.Couplings + ", " + run.Normalisation
		ts := make([]float64, len(run.F))
		fn := make([]float64, len(run.F))
		for k := range ts {
			ts[k], fn[k] = float64(k), run.F[k]/float64(c.N)
		}
		dashed := run.Normalisation == "none"
		if !dashed { // without normalisation F follows the tokens' norms (table)
			fp.Series = append(fp.Series, figure.Series{Name: name, X: ts, Y: fn})
		}
		ov.Series = append(ov.Series, figure.Series{Name: name, X: ts, Y: run.Overlap, Dashed: dashed})
		cs.Series = append(cs.Series, figure.Series{Name: name, X: ts, Y: run.Cosine, Dashed: dashed})
		mc, _ := plm.MeanStdErr(run.Cosine)
		mr, _ := plm.MeanStdErr(run.Ratio)
		tab.Rows = append(tab.Rows, []string{run.Couplings, run.Normalisation, fmt.Sprintf("%d of %d", run.Increases, len(run.F)-1),
			fmt.Sprintf("%.2g", run.MaxIncrease), sweep.F3(mc), sweep.F3(mr), sweep.F3(run.Overlap[len(run.Overlap)-1]), fmt.Sprintf("%.3g", run.Norm[len(run.Norm)-1]), run.Stopped})
	}
	idx := make([]float64, c.N)
	for k := range idx {
		idx[k] = float64(k)
	}
	out := []*figure.Panel{fp, ov, cs, {Panel: c.Name() + "-table", Config: c, Title: "Does the layer descend F?", Table: tab,
		Caption: "−∇F = layer + key term (Σ_i a_{i←k} J_ikᵀ X_i): the layer is the first term only."}}
	for _, m := range []struct {
		suffix, title string
		z             [][]float64
	}{{"-map-start", "Attention a_{i←j}, Hebb couplings, first layer", r.MapStart}, {"-map-end", "Attention a_{i←j}, Hebb couplings on the sphere, last layer", r.MapEnd}} {
		if m.z != nil {
			out = append(out, &figure.Panel{Panel: c.Name() + m.suffix, Config: c, Title: m.title, XLabel: "key token j", YLabel: "query token i",
				Heatmaps: []figure.Heatmap{{Name: "a_{i←j}", X: idx, Y: idx, Z: m.z}}})
		}
	}
	return out
}
