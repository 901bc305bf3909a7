package linalg

import (
	"github.com/plmlab/plmlab/internal/linalg/kernel"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// pureGo names the pure-Go backend, and why it runs.
func pureGo(why string) string {
	name := "pure Go (gonum"
	if kernel.HasSgemm() {
		name = "pure Go (plmlab's " + kernel.Micro() + " kernel"
	}
	if why != "" {
		name += "; " + why
	}
	return name + ")"
}

func trans(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}

// Sgemm computes C = alpha op(A) op(B) + beta C for row-major float32
// matrices, where op(X) is X or Xᵀ as tA, tB say and op(A) is m×k, op(B) is
// k×n and C is m×n.
func Sgemm(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	if k == 0 {
		for i := 0; i < m; i++ {
			row := c[i*ldc : i*ldc+n]
			if beta == 0 { // C is not read (BLAS): NaN there does not stay
				clear(row)
				continue
			}
			for j := range row {
				row[j] *= beta
			}
		}
		return
	}
	// The cgo backend reads raw memory: check what gonum would check.
	rowsA, colsA, rowsB, colsB := m, k, k, n
	if tA {
		rowsA, colsA = k, m
	}
	if tB {
		rowsB, colsB = n, k
	}
	if lda < colsA || ldb < colsB || ldc < n || len(a) < lda*(rowsA-1)+colsA || len(b) < ldb*(rowsB-1)+colsB || len(c) < ldc*(m-1)+n {
		panic("linalg: Sgemm operand too short for its dimensions")
	}
	if _, ok := impl32.(gonum.Implementation); (ok || kernelFor[classOf(tA, tB)]) && kernel.HasSgemm() {
		// Packed panels and an FMA micro-kernel (Go assembly): in the
		// pure-Go build, and where it was measured faster than OpenBLAS.
		kernel.Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	if g, ok := impl32.(gonum.Implementation); ok && (tA || tB) {
		// gonum's transposed paths are several times slower than its
		// plain one (a PL epoch at P = 2000, N = 784: 0.62 s against
		// 0.1 s): transpose the operands first, O(mk + kn) against O(mnk).
		if tA {
			a, lda = transposed(a, k, m, lda), k
		}
		if tB {
			b, ldb = transposed(b, n, k, ldb), n
		}
		g.Sgemm(blas.NoTrans, blas.NoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	impl32.Sgemm(trans(tA), trans(tB), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// transposed returns the c×r transpose of the r×c matrix a (stride lda),
// in blocks that keep both sides in cache.
func transposed(a []float32, r, c, lda int) []float32 {
	t := make([]float32, r*c)
	const bs = 64
	For((r+bs-1)/bs, func(lo, hi int) {
		for i0 := lo * bs; i0 < min(hi*bs, r); i0 += bs {
			for j0 := 0; j0 < c; j0 += bs {
				for i := i0; i < min(i0+bs, r); i++ {
					row := a[i*lda : i*lda+c]
					for j := j0; j < min(j0+bs, c); j++ {
						t[j*r+i] = row[j]
					}
				}
			}
		}
	})
	return t
}

// Dgemm is Sgemm in float64. It always uses the pure-Go backend: it serves
// small or exactness-sensitive products (initial fields of the dynamics).
func Dgemm(tA, tB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if m == 0 || n == 0 || k == 0 {
		if k == 0 {
			for i := 0; i < m; i++ {
				row := c[i*ldc : i*ldc+n]
				for j := range row {
					row[j] *= beta
				}
			}
		}
		return
	}
	gonum.Implementation{}.Dgemm(trans(tA), trans(tB), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Daxpy computes y += alpha x over n unit-stride elements (SIMD in gonum).
func Daxpy(alpha float64, x, y []float64) {
	gonum.Implementation{}.Daxpy(len(x), alpha, x, 1, y, 1)
}

// Saxpy computes y += alpha x over unit-stride float32 slices.
func Saxpy(alpha float32, x, y []float32) {
	gonum.Implementation{}.Saxpy(len(x), alpha, x, 1, y, 1)
}

// Sdot returns x·y accumulated by the BLAS backend.
func Sdot(x, y []float32) float32 {
	return gonum.Implementation{}.Sdot(len(x), x, 1, y, 1)
}
