package proteins

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/plmlab/plmlab/data"
	"github.com/plmlab/plmlab/experiment"
	"github.com/plmlab/plmlab/experiment/internal/sweep"
	"github.com/plmlab/plmlab/figure"
	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/plm"
)

func init() {
	experiment.RegisterGrid[Proteins, proteinsUnit, *ProteinsResult]("beta-lactamase PF13354 (Potts, q = 21): train and test overlap against α = P/L for asymmetric and symmetric couplings", true)
	experiment.Register[Contacts, *ContactsResult]("beta-lactamase PF13354: contact predictions from the Potts PL couplings (APC-corrected block norms)", false)
}

// Proteins trains Potts PL couplings (one softmax regression per site, no
// fields, full-batch Adam with an L2 penalty) on P = αL sequences of a
// protein family and runs the synchronous arg-max dynamics from training
// and held-out test sequences, for asymmetric and symmetric couplings.
type Proteins struct {
	Alignment string    `json:"alignment" help:"alignment file (FASTA/A2M, .gz ok); empty: PF13354 ($PLMLAB_PF13354, or fetched by scripts/setup.sh --data)"`
	Alphas    []float64 `json:"alphas" help:"loads α = P/L (L sites)"`
	Epochs    int       `json:"epochs" help:"Adam epochs (full batch)"`
	LR        float64   `json:"lr" help:"Adam learning rate"`
	L2        float64   `json:"l2" help:"L2 penalty on the couplings (sets where training recall drops)"`
	Test      int       `json:"test" help:"test sequences"`
	Pairs     int       `json:"pairs" help:"random pairs for the identity baseline"`
	Reweight  float64   `json:"reweight" help:"weight sequences by 1/(neighbours at identity ≥ this), e.g. 0.8; 0 weighs all equally"`
	Steps     int       `json:"steps" help:"cap on synchronous arg-max steps (0: 1000); the dynamics stops at a fixed point or cycle"`
	Seed      uint64    `json:"seed" help:"random seed (same seed, same numbers)"`
}

func (Proteins) Name() string { return "proteins" }

// Quick: α up to 3 (under two minutes).
func (Proteins) Quick() Proteins {
	return Proteins{Alphas: []float64{0.05, 0.3, 1, 3}, Epochs: 60, LR: 0.01, L2: 5e-5, Test: 200, Pairs: 2000, Seed: 1}
}

// Paper: α from 0.01 to 30, 1000 test sequences.
func (Proteins) Paper() Proteins {
	c := Proteins{}.Quick()
	c.Alphas, c.Test = []float64{0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30}, 1000
	return c
}

func (c Proteins) Validate() error {
	v := experiment.NewValidator(c)
	v.Loads("Alphas", c.Alphas, 0)
	v.Training(c.Epochs, c.LR, experiment.NoClip)
	v.NonNegative("L2", c.L2)
	v.AtLeast("Test", c.Test, 1)
	v.AtLeast("Pairs", c.Pairs, 1)
	v.Within("Reweight", c.Reweight, 0, 1)
	v.AtLeast("Steps", c.Steps, 0)
	// The identity baseline's pairs and the test sequences' overlaps; the
	// alignment itself is bounded by the reader.
	v.Memory(limits.Must(8*4, c.Pairs), limits.Must(8*8, c.Test))
	return v.Err
}

// alignmentPath is the file read: Alignment, or PF13354 found as
// data.FindPF13354 says.
func alignmentPath(p string) (string, error) {
	if p != "" {
		return p, nil
	}
	return data.FindPF13354()
}

// Inputs is the alignment file.
func (c Proteins) Inputs() ([]string, error) {
	p, err := alignmentPath(c.Alignment)
	return []string{p}, err
}

// family reads the alignment and the seeded permutation that splits it:
// training sets are its prefixes, the test set its end.
func family(path string, seed uint64) (*plm.Sequences, []int, error) {
	al, err := data.ReadAlignment(path)
	if err != nil {
		return nil, nil, err
	}
	return al.Seqs, sweep.NewRand(seed, 90).Perm(al.Seqs.M), nil
}

// ProteinsResult holds the overlaps per load and the baselines.
type ProteinsResult struct {
	Config Proteins        `json:"config"` // with the alignment path resolved
	M      int             `json:"sequences"`
	L      int             `json:"sites"`
	Q      int             `json:"states"`
	Points []ProteinsPoint `json:"points"`
	// PairIdentities are the identities of random pairs of sequences, and
	// RandomPairs their mean: the baseline of unrelated sequences.
	PairIdentities []float64 `json:"pair_identities"`
	RandomPairs    float64   `json:"random_pairs"`
}

// ProteinsPoint is the outcome at one load: mean identity of the final
// state with its start (train, test) for each coupling symmetry, the best
// identity of each test sequence to the training set, and the fractions of
// runs that ended on a cycle.
type ProteinsPoint struct {
	Alpha        float64 `json:"alpha"`
	P            int     `json:"p"`
	TrainAsym    float64 `json:"train_asym"`
	TrainAsymErr float64 `json:"train_asym_err"`
	TestAsym     float64 `json:"test_asym"`
	TestAsymErr  float64 `json:"test_asym_err"`
	TrainSym     float64 `json:"train_sym"`
	TrainSymErr  float64 `json:"train_sym_err"`
	TestSym      float64 `json:"test_sym"`
	TestSymErr   float64 `json:"test_sym_err"`
	Best         float64 `json:"best_identity"`
	// Cycles: fraction of runs ending on a cycle, in the order train asym,
	// test asym, train sym, test sym.
	Cycles [4]float64 `json:"cycles"`
}

func (c Proteins) Run(ctx context.Context, progress experiment.Progress) (*ProteinsResult, error) {
	return experiment.RunGrid(ctx, c, progress)
}

// proteinsUnit is one (load, symmetry): identities of the final states with
// their starts (training, test), the fractions on cycles, and, for the
// asymmetric variant, the test set's best identity to the training set.
// The first point also carries the family's baseline.
type proteinsUnit struct {
	Mean, Err, Cycles [2]float64
	Best              float64
	Family            *proteinsFamily
}

// proteinsFamily is what the result says about the alignment.
type proteinsFamily struct {
	Path           string
	M, L, Q        int
	PairIdentities []float64
	RandomPairs    float64
}

// Points are (α, asymmetric) and (α, symmetric) for each load. The cost of
// a Potts training is Epochs passes over P ≈ αL sequences; L is the same
// for all points (the family's), so α stands for P.
func (c Proteins) Points() []experiment.GridPoint {
	pts := make([]experiment.GridPoint, 0, 2*len(c.Alphas))
	for _, a := range c.Alphas {
		for _, tag := range []string{"asym", "sym"} {
			pts = append(pts, experiment.GridPoint{Label: fmt.Sprintf("α=%g %s", a, tag), Cost: a*float64(c.Epochs+20) + 0.1*float64(c.Test)/200})
		}
	}
	return pts
}

func (c Proteins) RunPoints(ctx context.Context, idx []int, t *experiment.Tracker, emit func(int, proteinsUnit) error) error {
	path, err := alignmentPath(c.Alignment)
	if err != nil {
		return err
	}
	t.At(0, "reading "+path)
	s, perm, err := family(path, c.Seed)
	if err != nil {
		return err
	}
	pMax := 0
	for _, a := range c.Alphas {
		pMax = max(pMax, sweep.Count(a, s.L))
	}
	if pMax+c.Test > s.M {
		return fmt.Errorf("proteins: α = %g needs %d + %d test sequences, the alignment has %d", c.Alphas[len(c.Alphas)-1], pMax, c.Test, s.M)
	}
	test, err := s.Subset(perm[s.M-c.Test:])
	if err != nil {
		return err
	}
	dyn := plm.PottsDynamics{MaxSteps: c.Steps}
	for j, g := range idx {
		k, v := g/2, g%2
		a, sym := c.Alphas[k], v == 1
		p := sweep.Count(a, s.L)
		train, err := s.Subset(perm[:p])
		if err != nil {
			return err
		}
		var u proteinsUnit
		if g == 0 {
			u.Family = c.baseline(s, path)
		}
		if !sym {
			for m := 0; m < test.M; m++ {
				var b float64
				for j := 0; j < train.M; j++ {
					b = math.Max(b, plm.Identity(test.Row(m), train.Row(j)))
				}
				u.Best += b / float64(test.M)
			}
		}
		var w []float64
		if c.Reweight > 0 {
			if w, err = data.Weights(train, c.Reweight); err != nil {
				return err
			}
		}
		tag := map[bool]string{false: "asym", true: "sym"}[sym]
		t.At(j, fmt.Sprintf("α=%g P=%d %s", a, p, tag))
		tr, err := plm.PottsPL{Epochs: c.Epochs, LearningRate: c.LR, L2: c.L2, Symmetric: sym, Weights: w,
			Progress: func(e plm.PottsEpochLog) { t.Detail("epoch %d/%d loss %.3f", e.Epoch, c.Epochs, e.Loss) }}.Train(ctx, train)
		if err != nil {
			return err
		}
		for i, set := range []*plm.Sequences{train, test} {
			rel, err := dyn.Run(ctx, tr.J, set)
			if err != nil {
				return err
			}
			ids := make([]float64, set.M)
			nc := 0
			for m := range ids {
				ids[m] = plm.Identity(rel.Final.Row(m), set.Row(m))
				if rel.CycleLength[m] > 0 {
					nc++
				}
			}
			u.Mean[i], u.Err[i] = plm.MeanStdErr(ids)
			u.Cycles[i] = float64(nc) / float64(set.M)
		}
		if err := emit(g, u); err != nil {
			return err
		}
	}
	return nil
}

// baseline is the identity of random pairs of the family's sequences.
func (c Proteins) baseline(s *plm.Sequences, path string) *proteinsFamily {
	f := &proteinsFamily{Path: path, M: s.M, L: s.L, Q: s.Q}
	r := sweep.NewRand(c.Seed, 91)
	for k := 0; k < c.Pairs; k++ {
		a, b := r.IntN(s.M), r.IntN(s.M-1)
		if b >= a {
			b++
		}
		id := plm.Identity(s.Row(a), s.Row(b))
		f.PairIdentities = append(f.PairIdentities, id)
		f.RandomPairs += id / float64(c.Pairs)
	}
	return f
}

func (c Proteins) Assemble(units []proteinsUnit) (*ProteinsResult, error) {
	f := units[0].Family
	if f == nil {
		return nil, fmt.Errorf("proteins: the first grid point has no family baseline")
	}
	res := &ProteinsResult{Config: c, M: f.M, L: f.L, Q: f.Q, PairIdentities: f.PairIdentities, RandomPairs: f.RandomPairs}
	res.Config.Alignment = f.Path
	for k, a := range c.Alphas {
		as, sy := units[2*k], units[2*k+1]
		res.Points = append(res.Points, ProteinsPoint{Alpha: a, P: sweep.Count(a, f.L),
			TrainAsym: as.Mean[0], TrainAsymErr: as.Err[0], TestAsym: as.Mean[1], TestAsymErr: as.Err[1],
			TrainSym: sy.Mean[0], TrainSymErr: sy.Err[0], TestSym: sy.Mean[1], TestSymErr: sy.Err[1],
			Best: as.Best, Cycles: [4]float64{as.Cycles[0], as.Cycles[1], sy.Cycles[0], sy.Cycles[1]}})
	}
	return res, nil
}

// Figures: the overlaps against α with the baselines, a table, then the
// identities of random pairs.
func (r *ProteinsResult) Figures() []*figure.Panel {
	c := r.Config
	dynText := "synchronous arg-max, to a fixed point or cycle (cap 1000 steps)"
	if c.Steps > 0 {
		dynText = fmt.Sprintf("synchronous arg-max, at most %d steps", c.Steps)
	}
	order := []string{"train asym", "test asym", "train sym", "test sym"}
	series := make([]figure.Series, 4)
	nearest := figure.Series{Name: "test: best identity to the training set", Dashed: true}
	cycles := map[string][]float64{}
	tab := &figure.Table{Header: []string{"α", "P", "train asym", "test asym", "train sym", "test sym", "best identity", "test 2-cycles asym / sym"}}
	for _, p := range r.Points {
		vals := [4][2]float64{{p.TrainAsym, p.TrainAsymErr}, {p.TestAsym, p.TestAsymErr}, {p.TrainSym, p.TrainSymErr}, {p.TestSym, p.TestSymErr}}
		for k, v := range vals {
			series[k].Name = order[k]
			series[k].X, series[k].Y, series[k].YErr = append(series[k].X, p.Alpha), append(series[k].Y, v[0]), append(series[k].YErr, v[1])
			cycles[order[k]] = append(cycles[order[k]], p.Cycles[k])
		}
		nearest.X, nearest.Y = append(nearest.X, p.Alpha), append(nearest.Y, p.Best)
		tab.Rows = append(tab.Rows, []string{fmt.Sprint(p.Alpha), fmt.Sprint(p.P), sweep.F3(p.TrainAsym), sweep.F3(p.TestAsym), sweep.F3(p.TrainSym), sweep.F3(p.TestSym), sweep.F3(p.Best),
			fmt.Sprintf("%.2f / %.2f", p.Cycles[1], p.Cycles[3])})
	}
	a0, a1 := c.Alphas[0], c.Alphas[len(c.Alphas)-1]
	series = append(series, nearest, figure.Line("random pairs", a0, r.RandomPairs, a1, r.RandomPairs))
	main := &figure.Panel{Panel: c.Name(), Config: c, Title: fmt.Sprintf("Protein family (L = %d, q = %d): overlap after the dynamics", r.L, r.Q),
		XLabel: "α = P/L", YLabel: "fraction of identical sites", LogX: true, Legend: "bottom-left", Series: series,
		Params: map[string]any{"sequences": r.M, "l": r.L, "q": r.Q, "optimiser": "full-batch Adam from J = 0, no fields, λ = 1", "dynamics": dynText,
			"two_cycle_fraction": cycles, "random_pair_identity": r.RandomPairs, "alpha_definition": "α = P/L with L the number of sites (202 for PF13354)"}}
	return []*figure.Panel{main,
		{Panel: c.Name() + "-table", Config: c, Title: "Identity of the final state with the start", Table: tab},
		{Panel: c.Name() + "-identity", Config: c, Title: "Identity between random pairs of sequences", XLabel: "fraction of identical sites", YLabel: "density",
			Series:  []figure.Series{figure.HistogramSeries("random pairs", r.PairIdentities, 0, 1, 50)},
			Caption: fmt.Sprintf("%d sequences of %d sites, %d states; mean identity of random pairs %.3f.", r.M, r.L, r.Q, r.RandomPairs)},
	}
}

// Contacts scores contact prediction from PL couplings the way the field
// does. Potts PL couplings, asymmetric and symmetric, are trained on the
// first P = αL sequences of the family's permutation (all of them when
// All), with the sequences weighted by Reweight. Every pair of sites gets
// the APC-corrected zero-sum Frobenius norm of its coupling block
// (plm.ContactScores), and the plain connected correlations give the
// baseline (plm.CorrelationScores). The pairs at |i − j| ≥ MinSep, ranked
// by score, are checked against the structure: a contact is a pair closer
// than Cutoff Å. The precision of the top k pairs against k is the panel.
type Contacts struct {
	Alignment string  `json:"alignment" help:"alignment file (FASTA/A2M, .gz ok); empty: PF13354 ($PLMLAB_PF13354, or fetched by scripts/setup.sh --data)"`
	Structure string  `json:"structure" help:"contact map: lines i j score distance (1-based alignment positions, Å), .gz ok; empty: PF13354's ($PLMLAB_PF13354_STRUCT, or fetched by scripts/setup.sh --data)"`
	Alpha     float64 `json:"alpha" help:"load α = P/L of the training set"`
	All       bool    `json:"all" help:"train on every sequence instead of αL"`
	Epochs    int     `json:"epochs" help:"Adam epochs (full batch)"`
	LR        float64 `json:"lr" help:"Adam learning rate"`
	L2        float64 `json:"l2" help:"L2 penalty on the couplings (on the weighted mean loss)"`
	Reweight  float64 `json:"reweight" help:"weight sequences by 1/(neighbours at identity ≥ this), e.g. 0.8; 0 weighs all equally"`
	MinSep    int     `json:"min_sep" help:"smallest |i − j| of a scored pair (5: the field's |i − j| > 4)"`
	Cutoff    float64 `json:"cutoff" help:"distance in Å below which a pair is a contact"`
	Seed      uint64  `json:"seed" help:"random seed (same seed, same numbers)"`
}

func (Contacts) Name() string { return "contacts" }

// Quick: α = 10 (2020 of the 7515 sequences), 80 % reweighting.
func (Contacts) Quick() Contacts {
	return Contacts{Alpha: 10, Epochs: 60, LR: 0.01, L2: 5e-5, Reweight: 0.8, MinSep: 5, Cutoff: 8, Seed: 1}
}

// Paper: the whole family.
func (Contacts) Paper() Contacts { c := Contacts{}.Quick(); c.All = true; return c }

func (c Contacts) Validate() error {
	v := experiment.NewValidator(c)
	v.Positive("Alpha", c.Alpha)
	v.Training(c.Epochs, c.LR, experiment.NoClip)
	v.NonNegative("L2", c.L2)
	v.Within("Reweight", c.Reweight, 0, 1)
	v.AtLeast("MinSep", c.MinSep, 1)
	v.Positive("Cutoff", c.Cutoff)
	return v.Err
}

// Inputs are the alignment and the contact map.
func (c Contacts) Inputs() ([]string, error) {
	a, err := alignmentPath(c.Alignment)
	if err != nil {
		return nil, err
	}
	s, err := c.structurePath()
	return []string{a, s}, err
}

func (c Contacts) structurePath() (string, error) {
	if c.Structure != "" {
		return c.Structure, nil
	}
	return data.FindPF13354Structure()
}

// ContactMethods are the scorers, in the figures' order.
var ContactMethods = []string{"PL asym", "PL sym", "correlation"}

// ContactsResult holds the scores of every pair by each method, the true
// distances and the precision curves.
type ContactsResult struct {
	Config Contacts `json:"config"`
	P      int      `json:"p"`
	// Meff is the effective number of sequences, the sum of the weights.
	Meff float64 `json:"meff"`
	// Scores[m] is L×L, symmetric, for ContactMethods[m].
	Scores [][][]float64 `json:"scores"`
	// Distance is the structure's L×L distance map in Å (NaN: not listed).
	Distance [][]float64 `json:"-"`
	// Precision[m][k−1] is the precision of method m's top k pairs.
	Precision [][]float64 `json:"precision"`
	// Contacts is the number of pairs at |i − j| ≥ MinSep that are
	// contacts; Pairs the number of such pairs (their ratio is the
	// precision of a random ranking).
	Contacts int `json:"contacts"`
	Pairs    int `json:"pairs"`
}

func (c Contacts) Run(ctx context.Context, progress experiment.Progress) (*ContactsResult, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	path, err := alignmentPath(c.Alignment)
	if err != nil {
		return nil, err
	}
	spath, err := c.structurePath()
	if err != nil {
		return nil, err
	}
	cm, err := data.ReadContactMap(spath)
	if err != nil {
		return nil, err
	}
	s, perm, err := family(path, c.Seed)
	if err != nil {
		return nil, err
	}
	if cm.L != s.L {
		return nil, fmt.Errorf("contacts: the contact map %s has %d sites, the alignment %s has %d", spath, cm.L, path, s.L)
	}
	if s.L <= c.MinSep {
		return nil, fmt.Errorf("contacts: %d sites leave no pair at least %d apart", s.L, c.MinSep)
	}
	p := min(s.M, sweep.Count(c.Alpha, s.L))
	if c.All {
		p = s.M
	}
	train, err := s.Subset(perm[:p])
	if err != nil {
		return nil, err
	}
	t := experiment.NewTracker(c.Name(), 3, progress)
	var w []float64
	meff := float64(p)
	if c.Reweight > 0 {
		t.Detail("sequence weights")
		var err error
		if w, err = data.Weights(train, c.Reweight); err != nil {
			return nil, err
		}
		meff = 0
		for _, v := range w {
			meff += v
		}
	}
	res := &ContactsResult{Config: c, P: p, Meff: meff, Distance: cm.Distance}
	for k, sym := range []bool{false, true} {
		t.At(k, fmt.Sprintf("Potts PL (%s) on %d sequences", ContactMethods[k], p))
		tr, err := plm.PottsPL{Epochs: c.Epochs, LearningRate: c.LR, L2: c.L2, Symmetric: sym, Weights: w,
			Progress: func(e plm.PottsEpochLog) { t.Detail("epoch %d/%d loss %.3f", e.Epoch, c.Epochs, e.Loss) }}.Train(ctx, train)
		if err != nil {
			return nil, err
		}
		sc, err := plm.ContactScores(tr.J, 0)
		if err != nil {
			return nil, err
		}
		res.Scores = append(res.Scores, sc)
	}
	t.At(2, "correlations")
	cs, err := plm.CorrelationScores(train, w, 0)
	if err != nil {
		return nil, err
	}
	res.Scores = append(res.Scores, cs)
	t.Finish()
	contact := func(i, j int) bool { return cm.Contact(i, j, c.Cutoff) }
	for _, sc := range res.Scores {
		prec, err := plm.ContactPrecision(sc, contact, c.MinSep, 2*s.L)
		if err != nil {
			return nil, err
		}
		res.Precision = append(res.Precision, prec)
	}
	for i := 0; i < s.L; i++ {
		for j := i + c.MinSep; j < s.L; j++ {
			res.Pairs++
			if contact(i, j) {
				res.Contacts++
			}
		}
	}
	return res, nil
}

// PrecisionAt is method m's precision of the top k pairs (NaN if fewer).
func (r *ContactsResult) PrecisionAt(m, k int) float64 {
	if k < 1 || k > len(r.Precision[m]) {
		return math.NaN()
	}
	return r.Precision[m][k-1]
}

// Figures: the precision of the top k pairs against k (panel contacts,
// with the precisions at L/2, L and 2L in its params), and the map of the
// top L pairs of PL (asymmetric, above the diagonal) and of the
// correlations (below) over the true contacts.
func (r *ContactsResult) Figures() []*figure.Panel {
	c := r.Config
	L := len(r.Distance)
	prec := &figure.Panel{Panel: c.Name(), Config: c, Title: fmt.Sprintf("Contact prediction, P = %d sequences (Meff = %.0f)", r.P, r.Meff),
		XLabel: "top k pairs (|i − j| ≥ " + fmt.Sprint(c.MinSep) + ")", YLabel: "precision (contact: < " + fmt.Sprint(c.Cutoff) + " Å)",
		Legend: "top-right", Params: map[string]any{"random": float64(r.Contacts) / float64(max(r.Pairs, 1)), "L": L}}
	var cells []string
	for m, name := range ContactMethods {
		sr := figure.Series{Name: name}
		for k, v := range r.Precision[m] {
			sr.X, sr.Y = append(sr.X, float64(k+1)), append(sr.Y, v)
		}
		prec.Series = append(prec.Series, sr)
		key := strings.ReplaceAll(name, " ", "_")
		for _, at := range []struct {
			name string
			k    int
		}{{"L/2", L / 2}, {"L", L}, {"2L", 2 * L}} {
			v := r.PrecisionAt(m, at.k)
			prec.Params[key+"_"+strings.ReplaceAll(at.name, "/", "_over_")] = v
			cells = append(cells, fmt.Sprintf("%s %s %.2f", name, at.name, v))
		}
	}
	prec.Series = append(prec.Series, figure.Series{Name: "random", X: []float64{1, float64(2 * L)}, Y: []float64{prec.Params["random"].(float64), prec.Params["random"].(float64)}, Dashed: true})
	prec.Caption = fmt.Sprintf("Precision at L/2, L, 2L (L = %d): %s. A random ranking scores %.2f.", L, strings.Join(cells, "; "), prec.Params["random"])

	contact := func(i, j int) bool { return r.Distance[i][j] < c.Cutoff }
	truth := figure.Series{Name: fmt.Sprintf("contacts (< %g Å)", c.Cutoff), Points: true, Faint: true}
	for i := 0; i < L; i++ {
		for j := i + c.MinSep; j < L; j++ {
			if contact(i, j) {
				truth.X, truth.Y = append(truth.X, float64(j+1), float64(i+1)), append(truth.Y, float64(i+1), float64(j+1))
			}
		}
	}
	mp := &figure.Panel{Panel: c.Name() + "-map", Config: c, Title: fmt.Sprintf("Top %d pairs: PL asym above the diagonal, correlation below", L),
		XLabel: "site", YLabel: "site", Legend: "bottom-right", Series: []figure.Series{truth}}
	for _, side := range []struct {
		m     int
		upper bool
	}{{0, true}, {2, false}} {
		hit := figure.Series{Name: ContactMethods[side.m] + ": contact", Points: true}
		miss := figure.Series{Name: ContactMethods[side.m] + ": not", Points: true}
		top, _ := plm.TopPairs(r.Scores[side.m], c.MinSep) // square: the result's own scores
		for _, q := range top[:min(L, len(top))] {
			x, y := float64(q.I+1), float64(q.J+1) // y > x: above the diagonal
			if !side.upper {
				x, y = y, x
			}
			s := &miss
			if contact(q.I, q.J) {
				s = &hit
			}
			s.X, s.Y = append(s.X, x), append(s.Y, y)
		}
		mp.Series = append(mp.Series, hit, miss)
	}
	return []*figure.Panel{prec, mp}
}
