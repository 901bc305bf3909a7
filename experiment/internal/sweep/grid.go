package sweep

import (
	"math"
)

// Grid returns from, from+step, …, up to to (rounded to 6 decimals).
func Grid(from, to, step float64) []float64 {
	var out []float64
	for k := 0; ; k++ {
		a := from + float64(k)*step
		if a > to+1e-9 {
			return out
		}
		out = append(out, math.Round(a*1e6)/1e6)
	}
}
