package plm

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

var bg = context.Background()

func randomPatterns(t testing.TB, p, n int, seed uint64) *Patterns {
	t.Helper()
	xi, err := RandomPatterns(p, n, rand.New(rand.NewPCG(seed, 99)))
	if err != nil {
		t.Fatal(err)
	}
	return xi
}

func meanStd(v []float64) (mean, std float64) {
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	for _, x := range v {
		std += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(std / float64(len(v)-1))
}

func minOf(v []float64) float64 {
	m := math.Inf(1)
	for _, x := range v {
		m = math.Min(m, x)
	}
	return m
}
