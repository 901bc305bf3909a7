package data

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/plmlab/plmlab/internal/userfile"
	"github.com/plmlab/plmlab/plm"
)

// DemoAlignment writes a synthetic protein-like alignment whose contacts
// are known, for trying the inference without data: M sequences of L
// columns sampled (Gibbs sampling, seeded) from a Potts model over the
// amino-acid alphabet whose only couplings join Contacts random pairs at
// |i − j| ≥ 5, plus its "structure": a contact map listing those pairs at
// 4 Å and every other pair at 12 Å. The first sequence, DEMO/1-L, can
// serve as the focus. It returns the two paths inside dir.
func DemoAlignment(dir string, l, m, contacts int, seed uint64) (alignment, structure string, err error) {
	if l < 12 || l > 500 || m < 10 || m > 100000 || contacts < 1 || contacts > l {
		return "", "", fmt.Errorf("data: demo alignment of L=%d (12…500), M=%d (10…100000), %d contacts (1…L)", l, m, contacts)
	}
	q := len(AminoAlphabet)
	rng := rand.New(rand.NewPCG(seed, 0xDE30))
	type pair struct{ i, j int }
	var pairs []pair
	used := map[pair]bool{}
	for len(pairs) < contacts {
		i, j := rng.IntN(l), rng.IntN(l)
		if i > j {
			i, j = j, i
		}
		if j-i < 5 || used[pair{i, j}] {
			continue
		}
		used[pair{i, j}] = true
		pairs = append(pairs, pair{i, j})
	}
	h := make([]float64, l*q)
	for k := range h {
		h[k] = 0.8 * rng.NormFloat64()
	}
	// Couplings J_ij(a, b) on the contact pairs, one q×q block each.
	blocks := make(map[pair][]float64)
	nbr := make([][]pair, l)
	for _, p := range pairs {
		b := make([]float64, q*q)
		for k := range b {
			b[k] = 1.2 * rng.NormFloat64()
		}
		blocks[p] = b
		nbr[p.i] = append(nbr[p.i], p)
		nbr[p.j] = append(nbr[p.j], p)
	}
	s := make([]uint8, l)
	for i := range s {
		s[i] = uint8(rng.IntN(q))
	}
	e := make([]float64, q)
	sweep := func() {
		for i := range l {
			for a := range q {
				e[a] = h[i*q+a]
			}
			for _, p := range nbr[i] {
				b := blocks[p]
				for a := range q {
					if p.i == i {
						e[a] += b[a*q+int(s[p.j])]
					} else {
						e[a] += b[int(s[p.i])*q+a]
					}
				}
			}
			mx := math.Inf(-1)
			for _, v := range e {
				mx = max(mx, v)
			}
			z := 0.0
			for a := range e {
				e[a] = math.Exp(e[a] - mx)
				z += e[a]
			}
			u := rng.Float64() * z
			a := 0
			for ; a < q-1 && u > e[a]; a++ {
				u -= e[a]
			}
			s[i] = uint8(a)
		}
	}
	for range 200 {
		sweep()
	}
	var fa strings.Builder
	for k := range m {
		for range 5 {
			sweep()
		}
		if k == 0 {
			// The focus keeps only its non-gap columns: give it none.
			for i := range s {
				if s[i] == 0 {
					s[i] = uint8(1 + rng.IntN(q-1))
				}
			}
			fmt.Fprintf(&fa, ">DEMO/1-%d\n", l)
		} else {
			fmt.Fprintf(&fa, ">demo_%d\n", k)
		}
		for _, a := range s {
			fa.WriteByte(AminoAlphabet[a])
		}
		fa.WriteByte('\n')
	}
	var st strings.Builder
	for i := range l {
		for j := i + 1; j < l; j++ {
			d := 12.0
			if used[pair{i, j}] {
				d = 4
			}
			fmt.Fprintf(&st, "%d %d 0 %g\n", i+1, j+1, d)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", "", fmt.Errorf("data: demo folder: %w", err)
	}
	alignment = filepath.Join(dir, "demo.fasta")
	structure = filepath.Join(dir, "demo_struct.dat")
	if err := userfile.WriteFile(alignment, []byte(fa.String())); err != nil {
		return "", "", err
	}
	if err := userfile.WriteFile(structure, []byte(st.String())); err != nil {
		return "", "", err
	}
	return alignment, structure, nil
}

// DemoPatterns writes P random ±1 patterns of N spins as a .npy file in
// dir and returns its path.
func DemoPatterns(dir string, p, n int, seed uint64) (string, error) {
	x, err := plm.RandomPatterns(p, n, rand.New(rand.NewPCG(seed, 0xBA51)))
	if err != nil {
		return "", err
	}
	v := make([]float64, len(x.Data))
	for k, s := range x.Data {
		v[k] = float64(s)
	}
	b, err := NPYBytes([]int{p, n}, v)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("data: demo folder: %w", err)
	}
	path := filepath.Join(dir, "demo_patterns.npy")
	return path, userfile.WriteFile(path, b)
}
