package plotting

import (
	"fmt"
	"math"
	"strings"

	"github.com/plmlab/plmlab/figure"
)

// maxDrawable bounds the values drawn: beyond it axis ranges overflow.
const maxDrawable = 1e150

// drawable returns a copy of p that every chart writer can draw, and what
// it left out: series cut to their common length, points whose x is not
// finite (or ≤ 0 on a log axis) dropped, y beyond ±1e150 or ±Inf (or ≤ 0
// on a log axis) drawn as gaps, error bars of the wrong length dropped and
// negative ones made positive, heat maps of the wrong shape dropped and
// their infinite cells blanked, images of the wrong size dropped.
func drawable(p *figure.Panel) (*figure.Panel, []string) {
	q := *p
	var notes []string
	q.Series = make([]figure.Series, 0, len(p.Series))
	for _, s := range p.Series {
		n := min(len(s.X), len(s.Y))
		if n < max(len(s.X), len(s.Y)) {
			notes = append(notes, fmt.Sprintf("series %q: %d x and %d y values, %d points drawn", s.Name, len(s.X), len(s.Y), n))
		}
		errs := s.YErr != nil
		if errs && len(s.YErr) != len(s.Y) {
			notes = append(notes, fmt.Sprintf("series %q: %d error bars for %d points, none drawn", s.Name, len(s.YErr), len(s.Y)))
			errs = false
		}
		t := figure.Series{Name: s.Name, Dashed: s.Dashed, Points: s.Points, Faint: s.Faint}
		dropped := 0
		for i := 0; i < n; i++ {
			x := s.X[i]
			if !finiteIn(x) || (p.LogX && !(x >= 1/maxDrawable)) {
				dropped++
				continue
			}
			y := s.Y[i]
			if !finiteIn(y) || (p.LogY && !(y >= 1/maxDrawable)) {
				y = math.NaN() // a gap
			}
			t.X, t.Y = append(t.X, x), append(t.Y, y)
			if errs {
				e := math.Abs(s.YErr[i]) // a bar's half-length
				if !finiteIn(e) {
					e = math.NaN()
				}
				t.YErr = append(t.YErr, e)
			}
		}
		if dropped > 0 {
			why := "x not finite"
			if p.LogX {
				why = "x not finite or ≤ 0 on a log axis"
			}
			notes = append(notes, fmt.Sprintf("series %q: %d points with %s", s.Name, dropped, why))
		}
		q.Series = append(q.Series, t)
	}
	q.Heatmaps = nil
	for _, h := range p.Heatmaps {
		ok := len(h.Z) == len(h.Y) && len(h.X) > 0 && len(h.Y) > 0
		for _, row := range h.Z {
			ok = ok && len(row) == len(h.X)
		}
		if !ok {
			notes = append(notes, fmt.Sprintf("heat map %q: its grid is not %d×%d, not drawn", h.Name, len(h.Y), len(h.X)))
			continue
		}
		g := figure.Heatmap{Name: h.Name, X: h.X, Y: h.Y, Z: make([][]float64, len(h.Z))}
		for r, row := range h.Z {
			g.Z[r] = make([]float64, len(row))
			for c, v := range row {
				if !finiteIn(v) {
					v = math.NaN()
				}
				g.Z[r][c] = v
			}
		}
		q.Heatmaps = append(q.Heatmaps, g)
	}
	if im := p.Images; im != nil {
		bad := im.Width <= 0 || im.Height <= 0
		for _, s := range im.Spins {
			bad = bad || len(s) != im.Width*im.Height
		}
		if bad {
			notes = append(notes, "images of the wrong size, not drawn")
			q.Images = nil
		}
	}
	if t := p.Table; t != nil {
		for _, row := range t.Rows {
			if len(row) != len(t.Header) {
				notes = append(notes, "table rows of the wrong length, not drawn")
				q.Table = nil
				break
			}
		}
	}
	if len(notes) > 0 {
		sep := ""
		if q.Caption != "" {
			sep = " "
		}
		q.Caption += sep + "Not drawn: " + strings.Join(notes, "; ") + "."
	}
	return &q, notes
}

// errorLow is the lower end of an error bar y − e; on a log axis it stops
// at y/10 instead of crossing zero, where the axis has no place for it.
func errorLow(y, e float64, logY bool) float64 {
	if logY && !(y-e >= y/10) {
		return y / 10
	}
	return y - e
}

func finiteIn(v float64) bool { return !math.IsNaN(v) && math.Abs(v) <= maxDrawable }

// zRange is the range of the finite values of heat maps, or [0, 1].
func zRange(hs []figure.Heatmap) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, h := range hs {
		for _, row := range h.Z {
			for _, v := range row {
				if finiteIn(v) {
					lo, hi = math.Min(lo, v), math.Max(hi, v)
				}
			}
		}
	}
	switch {
	case lo > hi:
		return 0, 1
	case !(lo < hi) || hi-lo <= 1e-9*math.Max(math.Abs(lo), math.Abs(hi)):
		// One value, or values float64 cannot separate at this magnitude.
		d := math.Max(1, math.Abs(lo)/10)
		return lo - d, hi + d
	}
	return lo, hi
}
