package dca

import (
	"fmt"
	"sort"

	"github.com/plmlab/plmlab/data"
	"gonum.org/v1/gonum/stat"
)

// Comparison of two coupling-score files over the same pairs.
type Comparison struct {
	Pairs    int
	Spearman float64 // rank correlation of the scores
	// TopOverlap is the fraction of the top K pairs of one also in the
	// top K of the other, K = TopK.
	TopOverlap float64
	TopK       int
}

// Compare checks that a and b list the same pairs with the same letters,
// in the same order (plmc's), and compares their scores; topK ≤ 0 means
// the number of positions.
func Compare(a, b []data.ScoreLine, topK int) (*Comparison, error) {
	if len(a) != len(b) {
		return nil, fmt.Errorf("dca: %d pairs against %d", len(a), len(b))
	}
	pos := map[int]bool{}
	for k := range a {
		x, y := a[k], b[k]
		if x.I != y.I || x.J != y.J || x.AI != y.AI || x.AJ != y.AJ {
			return nil, fmt.Errorf("dca: line %d is %d %c %d %c against %d %c %d %c", k+1, x.I, x.AI, x.J, x.AJ, y.I, y.AI, y.J, y.AJ)
		}
		pos[x.I], pos[x.J] = true, true
	}
	if topK <= 0 {
		topK = len(pos)
	}
	topK = min(topK, len(a))
	sa, sb := make([]float64, len(a)), make([]float64, len(b))
	for k := range a {
		sa[k], sb[k] = a[k].Score, b[k].Score
	}
	c := &Comparison{Pairs: len(a), TopK: topK}
	c.Spearman = stat.Correlation(ranks(sa), ranks(sb), nil)
	ta, tb := top(sa, topK), top(sb, topK)
	n := 0
	for k := range ta {
		if tb[k] {
			n++
		}
	}
	c.TopOverlap = float64(n) / float64(topK)
	return c, nil
}

// ranks are mid-ranks (ties share their mean rank).
func ranks(v []float64) []float64 {
	idx := make([]int, len(v))
	for k := range idx {
		idx[k] = k
	}
	sort.SliceStable(idx, func(x, y int) bool { return v[idx[x]] < v[idx[y]] })
	r := make([]float64, len(v))
	for lo := 0; lo < len(idx); {
		hi := lo
		for hi+1 < len(idx) && v[idx[hi+1]] == v[idx[lo]] {
			hi++
		}
		for k := lo; k <= hi; k++ {
			r[idx[k]] = float64(lo+hi)/2 + 1
		}
		lo = hi + 1
	}
	return r
}

// top marks the indices of the k largest values (ties by position).
func top(v []float64, k int) map[int]bool {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(x, y int) bool { return v[idx[x]] > v[idx[y]] })
	m := make(map[int]bool, k)
	for _, i := range idx[:k] {
		m[i] = true
	}
	return m
}
