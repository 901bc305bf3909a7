package linalg

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

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
	impl32.Sgemm(trans(tA), trans(tB), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
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
