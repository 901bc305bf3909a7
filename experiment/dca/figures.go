package dca

import (
	"fmt"
	"path/filepath"

	"github.com/plmlab/plmlab/figure"
	"github.com/plmlab/plmlab/plm"
)

// Figures are the contact map (the top L pairs over the structure's
// contacts, when given) and, with a structure, the precision curve.
func (r *Result) Figures() []*figure.Panel {
	c := r.Config
	L := len(r.Scores)
	name := "dca-" + trimExt(filepath.Base(c.Alignment))
	off := r.MSA.Offsets
	mp := &figure.Panel{Panel: name + "-map", Config: c, XLabel: "position", YLabel: "position", Legend: "bottom-right",
		Title:  fmt.Sprintf("Top %d pairs (|i − j| ≥ %d), L = %d, Meff = %.0f", L, max(c.MinSep, 1), L, r.Meff),
		Params: map[string]any{"L": L, "meff": r.Meff, "iterations": r.Fit.Iterations}}
	p := r.Precision
	if p != nil {
		truth := figure.Series{Name: fmt.Sprintf("contacts (< %g Å)", p.Cutoff), Points: true, Faint: true}
		for i := range L {
			for j := i + p.MinSep; j < L; j++ {
				if d := p.Distance[i][j]; d < p.Cutoff {
					truth.X = append(truth.X, float64(off[j]), float64(off[i]))
					truth.Y = append(truth.Y, float64(off[i]), float64(off[j]))
				}
			}
		}
		mp.Series = append(mp.Series, truth)
	}
	top, _ := plm.TopPairs(r.Scores, max(c.MinSep, 1))
	hit := figure.Series{Name: "predicted: contact", Points: true}
	miss := figure.Series{Name: "predicted: not a contact", Points: true}
	if p == nil {
		hit.Name = "predicted"
	}
	for _, q := range top[:min(L, len(top))] {
		s := &hit
		if p != nil && !(p.Distance[q.I][q.J] < p.Cutoff) {
			s = &miss
		}
		// Both triangles, so the map reads like a contact map.
		s.X = append(s.X, float64(off[q.I]), float64(off[q.J]))
		s.Y = append(s.Y, float64(off[q.J]), float64(off[q.I]))
	}
	mp.Series = append(mp.Series, hit)
	if p == nil {
		return []*figure.Panel{mp}
	}
	mp.Series = append(mp.Series, miss)
	pr := &figure.Panel{Panel: name + "-precision", Config: c, XLabel: fmt.Sprintf("top k pairs (|i − j| ≥ %d)", p.MinSep),
		YLabel: fmt.Sprintf("precision (contact: < %g Å)", p.Cutoff), Title: "Contact precision of PL (plmc's objective)",
		Params: map[string]any{"L": L, "at_L_over_2": p.AtHalfL, "at_L": p.AtL, "at_2L": p.At2L,
			"random": float64(p.Contacts) / float64(p.Pairs)},
		Caption: fmt.Sprintf("Precision of the top L/2, L, 2L pairs: %.2f, %.2f, %.2f.", p.AtHalfL, p.AtL, p.At2L)}
	s := figure.Series{Name: "PL (MAP)"}
	for k, v := range p.Curve {
		s.X, s.Y = append(s.X, float64(k+1)), append(s.Y, v)
	}
	rnd := float64(p.Contacts) / float64(p.Pairs)
	pr.Series = []figure.Series{s, {Name: "random", X: []float64{1, float64(len(p.Curve))}, Y: []float64{rnd, rnd}, Dashed: true}}
	return []*figure.Panel{mp, pr}
}

func trimExt(s string) string {
	for _, e := range []string{".gz", ".a2m", ".fasta", ".fa", ".sto", ".stockholm", ".aln"} {
		if len(s) > len(e) && s[len(s)-len(e):] == e {
			s = s[:len(s)-len(e)]
		}
	}
	return s
}
