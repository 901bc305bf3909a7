package spinglass

// AuthorsRun is one of the authors' published per-P runs of the spin-glass
// experiment: P, and the overlaps m = 2x − 1 of the values x = (1 + m)/2
// their results files store.
type AuthorsRun struct {
	Source        string
	L             int
	T             float64
	P             []int
	Train, Test   []float64
	Cosine        []float64 // their R: cosine between J_sym and J_true
	TrainEnergy   []float64 // energy per spin of the final states from training, under J_sym
	TrueCouplings float64   // their asymptotics.txt, "perfect"
	TrueEnergy    float64   // energy per spin of those final states
	Protocol      string
}

// AuthorsL16File is the first run of the authors' L = 16, T = 1.65 file
// (github.com/Laplaxe/pseudolikelihood_EA, Dati/Omega/Results/
// L16_seed3397150145/L16_seed3397150145_T1.65.txt and asymptotics.txt at
// commit 1015b6f), at the loads where it is compared with plmlab.
var AuthorsL16File = AuthorsRun{
	Source: "Laplaxe/pseudolikelihood_EA@1015b6f, Dati/Omega/Results/L16_seed3397150145 (T = 1.65, run 1)",
	L:      16, T: 1.65,
	P:           []int{100, 256, 395, 1005, 1991, 5057},
	Train:       []float64{0.99109, 0.49216, 0.08758, 0.09657, 0.29860, 0.70023},
	Test:        []float64{0.44797, 0.40750, 0.13687, 0.12264, 0.29779, 0.69133},
	Cosine:      []float64{0.4152, 0.5018, 0.5425, 0.6890, 0.7854, 0.8908},
	TrainEnergy: []float64{-1.6538, -0.5380, 1.6835, 1.5505, 0.5410, -0.5454},
	// (1 + m)/2 = 0.89231 and E = −251.69 for N = 256.
	TrueCouplings: 0.78462, TrueEnergy: -0.98316,
	Protocol: "learning rate 100 decayed by 0.99 per epoch, 1000 full-batch epochs, 100 synchronous steps with Wᵀ",
}

// Alphas are the loads P/N of the run.
func (r AuthorsRun) Alphas() []float64 {
	out := make([]float64, len(r.P))
	for k, p := range r.P {
		out[k] = float64(p) / float64(r.L*r.L)
	}
	return out
}
