package kernel

import "fmt"

// RowStrip is the width of the column strips SumRows and AddRows are fast
// on: 64 float32, four AVX-512 registers.
const RowStrip = 64

// SumRows sets dst = Σ_k base[offs[k] : offs[k]+len(dst)], adding the rows
// in the order of offs to a zero start, each sum rounded once (float32).
// It is the gather behind a Potts network's fields, where a sequence picks
// one row of the couplings per site. Strips of RowStrip columns run in
// assembly on amd64; the result is the same bit for bit either way.
func SumRows(dst, base []float32, offs []int) {
	if len(dst) == RowStrip && len(offs) > 0 && len(base) >= RowStrip && hasAVX2 {
		last := len(base) - RowStrip
		var bad int
		if hasAVX512 {
			bad = sumRows64AVX512(&dst[0], &base[0], &offs[0], len(offs), last)
		} else {
			bad = sumRows64AVX2(&dst[0], &base[0], &offs[0], len(offs), last)
		}
		if bad != 0 {
			checkRows("SumRows", len(dst), len(base), offs)
		}
		return
	}
	checkRows("SumRows", len(dst), len(base), offs)
	sumRowsGo(dst, base, offs)
}

// AddRows adds src to base[offs[k] : offs[k]+len(src)] for every k, in the
// order of offs: the scatter behind a Potts network's gradient.
// A row outside base panics; with the assembly, the rows before it have
// then been updated.
func AddRows(base []float32, offs []int, src []float32) {
	if len(src) == RowStrip && len(offs) > 0 && len(base) >= RowStrip && hasAVX2 {
		last := len(base) - RowStrip
		var bad int
		if hasAVX512 {
			bad = addRows64AVX512(&base[0], &offs[0], len(offs), &src[0], last)
		} else {
			bad = addRows64AVX2(&base[0], &offs[0], len(offs), &src[0], last)
		}
		if bad != 0 {
			checkRows("AddRows", len(src), len(base), offs)
		}
		return
	}
	checkRows("AddRows", len(src), len(base), offs)
	addRowsGo(base, offs, src)
}

// checkRows panics, naming the first row that does not fit in base. The
// assembly checks each offset as it goes (an unsigned compare with
// len(base) − RowStrip) and calls it only when one fails.
func checkRows(name string, w, n int, offs []int) {
	for k, o := range offs {
		if o < 0 || o > n-w {
			panic(fmt.Sprintf("kernel: %s row %d at offset %d, width %d, outside %d values", name, k, o, w, n))
		}
	}
}

func sumRowsGo(dst, base []float32, offs []int) {
	clear(dst)
	for _, o := range offs {
		row := base[o : o+len(dst)]
		for i, v := range row {
			dst[i] += v
		}
	}
}

func addRowsGo(base []float32, offs []int, src []float32) {
	for _, o := range offs {
		row := base[o : o+len(src)]
		for i, v := range src {
			row[i] += v
		}
	}
}
