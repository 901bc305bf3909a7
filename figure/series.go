package figure

import "math"

// HistogramSeries is the normalised histogram (a density) of values in
// bins equal bins over [lo, hi]; x are the bin centres. Values outside the
// range are left out but still count in the normalisation.
func HistogramSeries(name string, values []float64, lo, hi float64, bins int) Series {
	s := Series{Name: name, X: make([]float64, bins), Y: make([]float64, bins)}
	w := (hi - lo) / float64(bins)
	for b := range s.X {
		s.X[b] = lo + (float64(b)+0.5)*w
	}
	for _, v := range values {
		b := int(math.Floor((v - lo) / w))
		if b >= 0 && b < bins {
			s.Y[b]++
		}
	}
	for b := range s.Y {
		s.Y[b] /= float64(len(values)) * w
	}
	return s
}

// FunctionSeries samples f at n points over [lo, hi].
func FunctionSeries(name string, f func(float64) float64, lo, hi float64, n int) Series {
	s := Series{Name: name, X: make([]float64, n), Y: make([]float64, n)}
	for k := range s.X {
		x := lo + (hi-lo)*float64(k)/float64(n-1)
		s.X[k], s.Y[k] = x, f(x)
	}
	return s
}

// Line is a dashed reference line through (x0, y0) and (x1, y1).
func Line(name string, x0, y0, x1, y1 float64) Series {
	return Series{Name: name, X: []float64{x0, x1}, Y: []float64{y0, y1}, Dashed: true}
}
