package plm

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

func randomSequences(m, l, q int, seed uint64) *Sequences {
	r := rand.New(rand.NewPCG(seed, 5))
	s := make([]uint8, m*l)
	for k := range s {
		s[k] = uint8(r.IntN(q))
	}
	x, _ := NewSequences(m, l, q, s)
	return x
}

func randomPotts(l, q int, seed uint64) *PottsCouplings {
	J, _ := NewPottsCouplings(l, q)
	r := rand.New(rand.NewPCG(seed, 6))
	for k := range J.WT {
		J.WT[k] = float32(0.5 * r.NormFloat64())
	}
	J.zeroDiagonalBlocks()
	return J
}

func TestPottsGradientFiniteDifferences(t *testing.T) {
	s := randomSequences(20, 5, 3, 1)
	J := randomPotts(5, 3, 2)
	lambda, l2 := 0.8, 0.01
	g, err := PottsGradient(J, s, lambda, l2)
	if err != nil {
		t.Fatal(err)
	}
	const eps = 1e-3
	for _, c := range [][4]int{{0, 1, 2, 0}, {4, 2, 1, 1}, {3, 0, 0, 2}, {1, 1, 4, 2}} {
		i, a, j, b := c[0], c[1], c[2], c[3]
		old := J.At(i, a, j, b)
		J.Set(i, a, j, b, old+eps)
		up, _ := PottsLoss(J, s, lambda, l2)
		J.Set(i, a, j, b, old-eps)
		down, _ := PottsLoss(J, s, lambda, l2)
		J.Set(i, a, j, b, old)
		fd := (up - down) / (2 * eps)
		an := float64(g[(j*3+b)*15+i*3+a])
		if math.Abs(fd-an) > 2e-4*math.Max(1, math.Abs(fd)) {
			t.Errorf("∂L/∂J_%d%d(%d,%d): analytic %v, finite differences %v", i, j, a, b, an, fd)
		}
	}
	// Diagonal blocks carry no gradient.
	if g[(2*3+1)*15+2*3+0] != 0 {
		t.Error("gradient in a diagonal block")
	}
}

// Q = 2 Potts with J_ij(a,b) = J_ij s_a s_b is the Ising model: same PL loss
// and gradients related by the same map.
func TestPottsQ2IsIsing(t *testing.T) {
	xi := randomPatterns(t, 15, 12, 50)
	Jis, _ := Hebb{}.Couplings(bg, xi)
	r := rand.New(rand.NewPCG(1, 1))
	for k := range Jis.W {
		Jis.W[k] += float32(0.2 * r.NormFloat64()) // asymmetric
	}
	Jis.ZeroDiagonal()
	sgn := []float64{1, -1}
	Jp, _ := NewPottsCouplings(12, 2)
	for i := 0; i < 12; i++ {
		for j := 0; j < 12; j++ {
			for a := 0; a < 2; a++ {
				for b := 0; b < 2; b++ {
					Jp.Set(i, a, j, b, Jis.At(i, j)*sgn[a]*sgn[b])
				}
			}
		}
	}
	s := SequencesFromIsing(xi)
	for _, lambda := range []float64{0.5, 2} {
		li, _ := PseudoLikelihoodLoss(Jis, xi, lambda)
		lp, _ := PottsLoss(Jp, s, lambda, 0)
		if math.Abs(li-lp) > 1e-6*li {
			t.Errorf("λ=%v: Ising PL %v, Potts PL %v", lambda, li, lp)
		}
		gi, _ := PseudoLikelihoodGradient(Jis, xi, lambda)
		gp, _ := PottsGradient(Jp, s, lambda, 0)
		for _, ij := range [][2]int{{0, 1}, {3, 7}, {11, 2}} {
			i, j := ij[0], ij[1]
			var sum float64
			for a := 0; a < 2; a++ {
				for b := 0; b < 2; b++ {
					sum += float64(gp[(j*2+b)*24+i*2+a]) * sgn[a] * sgn[b]
				}
			}
			if math.Abs(sum-gi[i*12+j]) > 1e-6 {
				t.Errorf("λ=%v: ∂/∂J_%d%d Ising %v, Potts mapped %v", lambda, i, j, gi[i*12+j], sum)
			}
		}
	}
}

func TestPottsTrainingAndDynamics(t *testing.T) {
	s := randomSequences(12, 20, 4, 3)
	tr, err := PottsPL{Epochs: 150, LearningRate: 0.05}.Train(bg, s)
	if err != nil {
		t.Fatal(err)
	}
	last := tr.Log[len(tr.Log)-1]
	if last.Loss >= tr.Log[0].Loss || last.Stored != 1 {
		t.Fatalf("training: loss %v → %v, stored %v", tr.Log[0].Loss, last.Loss, last.Stored)
	}
	// Stored sequences are fixed points for both dynamics.
	for _, mode := range []Mode{Synchronous, Asynchronous} {
		r, err := PottsDynamics{Mode: mode}.Run(bg, tr.J, s)
		if err != nil {
			t.Fatal(err)
		}
		for m := 0; m < s.M; m++ {
			if !r.FixedPoint[m] || Identity(r.Final.Row(m), s.Row(m)) != 1 {
				t.Fatalf("%v: sequence %d moved", mode, m)
			}
		}
	}
	// Noisy starts: wherever the synchronous run ends at a fixed point, the
	// asynchronous dynamics leaves it there.
	noisy := randomSequences(30, 20, 4, 9)
	r, _ := PottsDynamics{}.Run(bg, tr.J, noisy)
	for m := 0; m < noisy.M; m++ {
		if !r.FixedPoint[m] {
			continue
		}
		one, _ := r.Final.Subset([]int{m})
		a, _ := PottsDynamics{Mode: Asynchronous}.Run(bg, tr.J, one)
		if a.Steps[0] != 0 {
			t.Errorf("sync fixed point %d moves under async dynamics", m)
		}
	}
	sym, err := PottsPL{Epochs: 20, Symmetric: true, L2: 1e-3}.Train(bg, s)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range [][4]int{{0, 1, 5, 2}, {7, 3, 2, 0}} {
		if x, y := sym.J.At(c[0], c[1], c[2], c[3]), sym.J.At(c[2], c[3], c[0], c[1]); x != y {
			t.Errorf("symmetric training: J_ij(a,b) = %v, J_ji(b,a) = %v", x, y)
		}
	}
	if sc, _ := ContactScores(sym.J, 0); len(sc) != 20 || sc[3][3] != 0 || sc[2][9] != sc[9][2] {
		t.Error("contact scores malformed")
	}
	if _, err := NewSequences(2, 3, 4, []uint8{0, 1, 2, 3, 4, 0}); err == nil {
		t.Error("state ≥ Q accepted")
	}
	other, _ := NewPottsCouplings(5, 4)
	if _, err := (PottsDynamics{}).Run(bg, other, s); err == nil {
		t.Error("couplings of another size accepted")
	}
}

// Weights: doubling a sequence equals giving it weight 2; one-hot rows
// have one 1 per site.
func TestPottsWeightsAndOneHot(t *testing.T) {
	s := randomSequences(6, 8, 3, 11)
	dup, _ := s.Subset([]int{0, 1, 2, 3, 4, 5, 0})
	a, err := PottsPL{Epochs: 5, LearningRate: 0.05}.Train(bg, dup)
	if err != nil {
		t.Fatal(err)
	}
	b, err := PottsPL{Epochs: 5, LearningRate: 0.05, Weights: []float64{2, 1, 1, 1, 1, 1}}.Train(bg, s)
	if err != nil {
		t.Fatal(err)
	}
	for k := range a.J.WT {
		if math.Abs(float64(a.J.WT[k]-b.J.WT[k])) > 1e-5 {
			t.Fatalf("entry %d: duplicated %v, weighted %v", k, a.J.WT[k], b.J.WT[k])
		}
	}
	if _, err := (PottsPL{Weights: []float64{1}}).Train(bg, s); err == nil {
		t.Error("wrong number of weights accepted")
	}
	oh := OneHot(s)
	for m, row := range oh {
		var sum float32
		for _, v := range row {
			sum += v
		}
		if sum != 8 || row[int(s.Row(m)[3])+3*3] != 1 {
			t.Fatalf("one-hot row %d: sum %v", m, sum)
		}
	}
}

// The strip-and-batch pass agrees with a plain float64 loop over sequences
// and sites, on a shape with a partial last strip (LQ = 189) and two
// batches (M > pottsBatch), with weights; and its gradient is the same bit
// for bit on one thread and on several.
func TestPottsPassMatchesReference(t *testing.T) {
	const m, l, q, lambda = pottsBatch + 904, 9, 21, 1.3
	s := randomSequences(m, l, q, 4)
	J := randomPotts(l, q, 5)
	r := rand.New(rand.NewPCG(6, 6))
	w := make([]float64, m)
	for k := range w {
		w[k] = r.Float64()
	}
	lq := l * q
	var wsum, loss float64
	grad := make([]float64, lq*lq)
	h := make([]float64, lq)
	for k := 0; k < m; k++ {
		wsum += w[k]
		seq := s.Row(k)
		clear(h)
		for j, b := range seq {
			for c := 0; c < lq; c++ {
				h[c] += J.At(c/q, c%q, j, int(b))
			}
		}
		for i, si := range seq {
			var z float64
			for a := 0; a < q; a++ {
				z += math.Exp(lambda * h[i*q+a])
			}
			loss += w[k] * (math.Log(z) - lambda*h[i*q+int(si)])
			for a := 0; a < q; a++ {
				p := math.Exp(lambda*h[i*q+a]) / z
				if a == int(si) {
					p--
				}
				for j, b := range seq {
					if j != i {
						grad[(j*q+int(b))*lq+i*q+a] += lambda * w[k] * p
					}
				}
			}
		}
	}
	loss /= wsum * l
	var sc pottsScratch
	got := make([]float32, lq*lq)
	gotLoss, _, err := sc.pass(bg, J, s, lambda, w, got)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(gotLoss-loss) > 1e-6*loss {
		t.Errorf("loss %v, reference %v", gotLoss, loss)
	}
	for k, g := range grad {
		g /= wsum * l
		if math.Abs(float64(got[k])-g) > 1e-5*(math.Abs(g)+1e-3) {
			t.Fatalf("gradient entry %d: %v, reference %v", k, got[k], g)
		}
	}
	old := runtime.GOMAXPROCS(1)
	one := make([]float32, lq*lq)
	_, _, err = (&pottsScratch{}).pass(bg, J, s, lambda, w, one)
	runtime.GOMAXPROCS(old)
	if err != nil {
		t.Fatal(err)
	}
	for k := range one {
		if math.Float32bits(one[k]) != math.Float32bits(got[k]) {
			t.Fatalf("gradient entry %d: %v on one thread, %v on %d", k, one[k], got[k], old)
		}
	}
}
