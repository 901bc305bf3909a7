package data

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"sync"

	"github.com/plmlab/plmlab/internal/limits"
	"github.com/plmlab/plmlab/plm"
)

// PTSettings configures parallel tempering on an EA2D instance.
type PTSettings struct {
	// Temperatures is the ladder, strictly increasing; configurations are
	// collected at Temperatures[0].
	Temperatures  []float64
	Equilibration int // sweeps discarded first
	Sweeps        int // sweeps after equilibration
	Thin          int // sweeps between collections (default 10)
	// Chains is the number of independent PT chains. ±J instances always run
	// 64, one per bit of a machine word (multi-spin coding); Gaussian ones
	// default to 8.
	Chains   int
	Seed     uint64
	Progress func(done, total int)
}

// PTResult holds the samples and the equilibration checks.
type PTResult struct {
	T float64 `json:"t"`
	// Configs holds one configuration per chain at every collection.
	Configs  *plm.Patterns `json:"-"`
	Energies []float64     `json:"-"` // energy per spin of each configuration
	// SwapAcceptance is the replica-exchange acceptance rate of each pair
	// of neighbouring temperatures.
	SwapAcceptance []float64 `json:"swap_acceptance"`
	// MeanEnergy is the mean energy per spin at T with its error bar
	// (from the spread between the independent chains).
	MeanEnergy    float64 `json:"mean_energy"`
	MeanEnergyErr float64 `json:"mean_energy_err"`
	// AutocorrTime is the integrated autocorrelation time of the energy at
	// T, in sweeps (averaged over chains); collections closer than about
	// twice it are correlated.
	AutocorrTime float64 `json:"autocorr_time"`
	// Overlaps are q = s^a·s^b/N between pairs of independent chains at T,
	// one per pair and collection: their histogram is P(q), symmetric in
	// equilibrium.
	Overlaps       []float64 `json:"-"`
	Chains         int       `json:"chains"`
	FlipsAttempted int64     `json:"flips_attempted"`
}

func (s *PTSettings) check(kind CouplingKind) error {
	if len(s.Temperatures) == 0 {
		return errors.New("data: parallel tempering needs at least one temperature")
	}
	for k, t := range s.Temperatures {
		if !(t > 0) || math.IsInf(t, 0) || (k > 0 && t <= s.Temperatures[k-1]) {
			return fmt.Errorf("data: temperatures must be positive and increasing, got %v", s.Temperatures)
		}
	}
	if s.Thin == 0 {
		s.Thin = 10
	}
	if s.Equilibration < 0 || s.Sweeps < 1 || s.Thin < 1 {
		return fmt.Errorf("data: need equilibration ≥ 0, sweeps ≥ 1 and thin ≥ 1, got %d, %d, %d", s.Equilibration, s.Sweeps, s.Thin)
	}
	if kind == PlusMinusJ {
		if s.Chains != 0 && s.Chains != 64 {
			return fmt.Errorf("data: ±J sampling runs 64 multi-spin-coded chains, got Chains = %d", s.Chains)
		}
		s.Chains = 64
	} else if s.Chains == 0 {
		s.Chains = 8
	}
	if s.Chains < 2 {
		return fmt.Errorf("data: need at least 2 independent chains (for overlaps), got %d", s.Chains)
	}
	if _, ok := limits.Sum(s.Equilibration, s.Sweeps); !ok {
		return fmt.Errorf("data: equilibration %d + sweeps %d does not fit an int", s.Equilibration, s.Sweeps)
	}
	if s.Sweeps < s.Thin {
		return fmt.Errorf("data: %d sweeps after equilibration collect nothing with one collection every %d sweeps", s.Sweeps, s.Thin)
	}
	return nil
}

// ParallelTempering samples the instance at the ladder's temperatures with
// Metropolis checkerboard sweeps and replica exchange between neighbouring
// temperatures after every sweep, in several independent chains.
func (m *EA2D) ParallelTempering(ctx context.Context, s PTSettings) (*PTResult, error) {
	if err := s.check(m.Kind); err != nil {
		return nil, err
	}
	// The collected configurations (float32) and the energy series.
	if err := limits.Total("data: parallel tempering", limits.Must(4, s.Sweeps/s.Thin, s.Chains, m.N()), limits.Must(8, s.Sweeps, s.Chains),
		limits.Must(8*int64(len(s.Temperatures)), s.Chains, m.N())); err != nil {
		return nil, err
	}
	var sys ptSystem
	if m.Kind == PlusMinusJ {
		sys = newMSC(m, s)
	} else {
		sys = newScalarPT(m, s)
	}
	return runPT(ctx, m, s, sys)
}

// ptSystem is one implementation of the chains: multi-spin coded (±J) or
// plain (any couplings).
type ptSystem interface {
	sweep()                   // one Metropolis sweep at every temperature
	energies(t int) []float64 // per chain, total energy at temperature index t
	swap(t int, accept []bool)
	config(t, c int, out []float32)
	flipsPerSweep() int64
}

func runPT(ctx context.Context, m *EA2D, s PTSettings, sys ptSystem) (*PTResult, error) {
	n, K, C := m.N(), len(s.Temperatures), s.Chains
	res := &PTResult{T: s.Temperatures[0], Chains: C, SwapAcceptance: make([]float64, max(K-1, 0))}
	rng := rand.New(rand.NewPCG(s.Seed, 0x5aa9))
	E := make([][]float64, K)
	tries := make([]float64, max(K-1, 0))
	var series [][]float64 // energy per spin at T, per sweep, per chain
	buf := make([]float32, n)
	acc := make([]bool, C)
	total, _ := limits.Sum(s.Equilibration, s.Sweeps) // checked by s.check
	for sw := 0; sw < total; sw++ {
		if sw%16 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		sys.sweep()
		res.FlipsAttempted += sys.flipsPerSweep()
		for t := range E {
			E[t] = sys.energies(t)
		}
		// Replica exchange, even pairs on even sweeps, odd pairs on odd ones.
		measured := sw >= s.Equilibration
		for t := sw % 2; t+1 < K; t += 2 {
			db := 1/s.Temperatures[t] - 1/s.Temperatures[t+1]
			for c := 0; c < C; c++ {
				d := db * (E[t][c] - E[t+1][c])
				acc[c] = d >= 0 || rng.Float64() < math.Exp(d)
				if acc[c] {
					E[t][c], E[t+1][c] = E[t+1][c], E[t][c]
					if measured {
						res.SwapAcceptance[t]++
					}
				}
			}
			if measured {
				tries[t] += float64(C)
			}
			sys.swap(t, acc)
		}
		if !measured {
			continue
		}
		row := make([]float64, C)
		for c := range row {
			row[c] = E[0][c] / float64(n)
		}
		series = append(series, row)
		if (sw-s.Equilibration)%s.Thin == s.Thin-1 {
			first := len(res.Energies)
			for c := 0; c < C; c++ {
				sys.config(0, c, buf)
				if res.Configs == nil {
					res.Configs = &plm.Patterns{N: n}
				}
				res.Configs.Data = append(res.Configs.Data, buf...)
				res.Configs.P++
				res.Energies = append(res.Energies, row[c])
			}
			for c := 0; c+1 < C; c += 2 {
				a := res.Configs.Data[(first+c)*n : (first+c+1)*n]
				b := res.Configs.Data[(first+c+1)*n : (first+c+2)*n]
				var q float64
				for i := range a {
					q += float64(a[i] * b[i])
				}
				res.Overlaps = append(res.Overlaps, q/float64(n))
			}
		}
		if s.Progress != nil && (sw%64 == 0 || sw == total-1) {
			s.Progress(sw+1, total)
		}
	}
	for t := range res.SwapAcceptance {
		if tries[t] > 0 {
			res.SwapAcceptance[t] /= tries[t]
		}
	}
	// Mean energy: average over sweeps per chain, error from the chains.
	means := make([]float64, C)
	for _, row := range series {
		for c, v := range row {
			means[c] += v / float64(len(series))
		}
	}
	res.MeanEnergy, res.MeanEnergyErr = plm.MeanStdErr(means)
	res.AutocorrTime = autocorrTime(series)
	return res, nil
}

// autocorrTime is the integrated autocorrelation time 1 + 2Σρ(t), averaged
// over chains, summed up to the first t ≥ 6τ (Sokal's window).
func autocorrTime(series [][]float64) float64 {
	T := len(series)
	if T < 4 {
		return math.NaN()
	}
	C := len(series[0])
	mean := make([]float64, C)
	for _, row := range series {
		for c, v := range row {
			mean[c] += v / float64(T)
		}
	}
	rho := func(lag int) float64 {
		var num, den float64
		for c := 0; c < C; c++ {
			for t := 0; t+lag < T; t++ {
				num += (series[t][c] - mean[c]) * (series[t+lag][c] - mean[c])
			}
			for t := 0; t < T; t++ {
				den += (series[t][c] - mean[c]) * (series[t][c] - mean[c])
			}
		}
		if den == 0 {
			return 0
		}
		return num / den * float64(T) / float64(T-lag)
	}
	tau := 1.0
	for lag := 1; lag < T/2; lag++ {
		tau += 2 * rho(lag)
		if float64(lag) >= 6*tau {
			break
		}
	}
	return tau
}

// xoro is xoroshiro128+, a fast generator for the Metropolis masks.
type xoro struct{ s0, s1 uint64 }

func (x *xoro) next() uint64 {
	s0, s1 := x.s0, x.s1
	r := s0 + s1
	s1 ^= s0
	x.s0 = bits.RotateLeft64(s0, 24) ^ s1 ^ (s1 << 16)
	x.s1 = bits.RotateLeft64(s1, 37)
	return r
}

// bernoulli returns a word whose bits are independently 1 with
// probability p = pb/2^24, built from the binary expansion of p.
func (x *xoro) bernoulli(pb uint32) uint64 {
	var m uint64
	for j := 0; j < 24; j++ {
		if pb>>j&1 == 1 {
			m |= x.next()
		} else {
			m &= x.next()
		}
	}
	return m
}

// msc is the multi-spin coded ±J system: bit c of w[t][i] is spin i of
// chain c at temperature index t (1 means −1).
type msc struct {
	m     *EA2D
	w     [][]uint64
	nb    [][4]int
	jneg  [][4]uint64 // all ones where the bond is antiferromagnetic
	p4    []uint32    // e^{−4/T} in 24-bit fixed point
	rngs  []xoro
	sites [2][]int // checkerboard sublattices
}

func newMSC(m *EA2D, s PTSettings) *msc {
	n, l := m.N(), m.L
	x := &msc{m: m, w: make([][]uint64, len(s.Temperatures)), nb: make([][4]int, n), jneg: make([][4]uint64, n)}
	r := rand.New(rand.NewPCG(s.Seed, 0x3c))
	for t := range x.w {
		x.w[t] = make([]uint64, n)
		for i := range x.w[t] {
			x.w[t][i] = r.Uint64()
		}
		x.p4 = append(x.p4, uint32(math.Exp(-4/s.Temperatures[t])*(1<<24)))
		x.rngs = append(x.rngs, xoro{r.Uint64() | 1, r.Uint64()})
	}
	neg := func(j float64) uint64 {
		if j < 0 {
			return ^uint64(0)
		}
		return 0
	}
	for i := 0; i < n; i++ {
		left := i - i%l + (i%l+l-1)%l
		up := (i - l + n) % n
		x.nb[i] = [4]int{m.right(i), left, m.down(i), up}
		x.jneg[i] = [4]uint64{neg(m.Right[i]), neg(m.Right[left]), neg(m.Down[i]), neg(m.Down[up])}
		p := (i%l + i/l) % 2
		x.sites[p] = append(x.sites[p], i)
	}
	return x
}

func (x *msc) flipsPerSweep() int64 { return int64(len(x.w)) * int64(x.m.N()) * 64 }

func (x *msc) sweep() {
	var wg sync.WaitGroup
	for t := range x.w {
		wg.Add(1)
		go func(t int) {
			defer wg.Done()
			x.sweepT(t)
		}(t)
	}
	wg.Wait()
}

func (x *msc) sweepT(t int) {
	w, rng, p := x.w[t], &x.rngs[t], x.p4[t]
	for _, sub := range x.sites {
		for _, i := range sub {
			nb, jn := &x.nb[i], &x.jneg[i]
			s := w[i]
			a := s ^ w[nb[0]] ^ jn[0] // unsatisfied bonds
			b := s ^ w[nb[1]] ^ jn[1]
			c := s ^ w[nb[2]] ^ jn[2]
			d := s ^ w[nb[3]] ^ jn[3]
			x1, y1 := a^b, a&b
			x2, y2 := c^d, c&d
			low, carry := x1^x2, x1&x2
			twos := y1 ^ y2 ^ carry
			fours := (y1 & y2) | (carry & (y1 ^ y2))
			high := twos | fours // u ≥ 2: ΔE ≤ 0, always flip
			acc := high
			if rest := ^high; rest != 0 {
				r1 := rng.bernoulli(p)
				acc |= rest & low & r1 // u = 1: ΔE = 4
				if zero := rest &^ low; zero != 0 {
					acc |= zero & r1 & rng.bernoulli(p) // u = 0: ΔE = 8, p² = e^{−8/T}
				}
			}
			w[i] = s ^ acc
		}
	}
}

func (x *msc) energies(t int) []float64 {
	n := x.m.N()
	var planes [24]uint64
	add := func(v uint64) {
		for p := 0; v != 0; p++ {
			c := planes[p] & v
			planes[p] ^= v
			v = c
		}
	}
	w := x.w[t]
	for i := 0; i < n; i++ {
		add(w[i] ^ w[x.nb[i][0]] ^ x.jneg[i][0])
		add(w[i] ^ w[x.nb[i][2]] ^ x.jneg[i][2])
	}
	out := make([]float64, 64)
	for c := range out {
		u := 0
		for p, pl := range planes {
			u += int(pl>>c&1) << p
		}
		out[c] = float64(2*u - 2*n) // E = #unsat − #sat over 2N bonds
	}
	return out
}

func (x *msc) swap(t int, accept []bool) {
	var mask uint64
	for c, a := range accept {
		if a {
			mask |= 1 << c
		}
	}
	if mask == 0 {
		return
	}
	u, v := x.w[t], x.w[t+1]
	for i := range u {
		d := (u[i] ^ v[i]) & mask
		u[i] ^= d
		v[i] ^= d
	}
}

func (x *msc) config(t, c int, out []float32) {
	for i, v := range x.w[t] {
		out[i] = float32(1 - 2*int(v>>c&1))
	}
}

// scalarPT runs plain Metropolis chains with float couplings.
type scalarPT struct {
	m    *EA2D
	s    [][][]int8 // [t][c][i]
	nb   [][4]int
	jb   [][4]float64
	beta []float64
	rngs [][]*rand.Rand
	subs [2][]int
}

func newScalarPT(m *EA2D, st PTSettings) *scalarPT {
	n, l := m.N(), m.L
	x := &scalarPT{m: m, nb: make([][4]int, n), jb: make([][4]float64, n)}
	for i := 0; i < n; i++ {
		left := i - i%l + (i%l+l-1)%l
		up := (i - l + n) % n
		x.nb[i] = [4]int{m.right(i), left, m.down(i), up}
		x.jb[i] = [4]float64{m.Right[i], m.Right[left], m.Down[i], m.Down[up]}
		x.subs[(i%l+i/l)%2] = append(x.subs[(i%l+i/l)%2], i)
	}
	for t, T := range st.Temperatures {
		x.beta = append(x.beta, 1/T)
		var cs [][]int8
		var rs []*rand.Rand
		for c := 0; c < st.Chains; c++ {
			r := rand.New(rand.NewPCG(st.Seed, uint64(1000*t+c)))
			s := make([]int8, n)
			for i := range s {
				s[i] = int8(2*int(r.Uint64()&1) - 1)
			}
			cs, rs = append(cs, s), append(rs, r)
		}
		x.s, x.rngs = append(x.s, cs), append(x.rngs, rs)
	}
	return x
}

func (x *scalarPT) flipsPerSweep() int64 {
	return int64(len(x.s)) * int64(len(x.s[0])) * int64(x.m.N())
}

func (x *scalarPT) sweep() {
	var wg sync.WaitGroup
	for t := range x.s {
		wg.Add(1)
		go func(t int) {
			defer wg.Done()
			for c, s := range x.s[t] {
				r := x.rngs[t][c]
				for _, sub := range x.subs {
					for _, i := range sub {
						var h float64
						for k := 0; k < 4; k++ {
							h += x.jb[i][k] * float64(s[x.nb[i][k]])
						}
						dE := 2 * float64(s[i]) * h
						if dE <= 0 || r.Float64() < math.Exp(-x.beta[t]*dE) {
							s[i] = -s[i]
						}
					}
				}
			}
		}(t)
	}
	wg.Wait()
}

func (x *scalarPT) energies(t int) []float64 {
	out := make([]float64, len(x.s[t]))
	for c, s := range x.s[t] {
		var e float64
		for i := range s {
			e -= x.jb[i][0] * float64(s[i]*s[x.nb[i][0]])
			e -= x.jb[i][2] * float64(s[i]*s[x.nb[i][2]])
		}
		out[c] = e
	}
	return out
}

func (x *scalarPT) swap(t int, accept []bool) {
	for c, a := range accept {
		if a {
			x.s[t][c], x.s[t+1][c] = x.s[t+1][c], x.s[t][c]
		}
	}
}

func (x *scalarPT) config(t, c int, out []float32) {
	for i, v := range x.s[t][c] {
		out[i] = float32(v)
	}
}
