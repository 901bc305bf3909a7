package kernel

import (
	"runtime"
	"sync"
)

// Blocking of Sgemm: micro-tiles of gemmMR×gemmNR (12 AVX2 registers of
// accumulators), panels of gemmKC steps of k (a packed B block of
// gemmKC×n stays in L2), gemmMC rows of A per packed block.
const (
	gemmMR = 6
	gemmNR = 16
	gemmKC = 256
	gemmMC = 96
)

// HasSgemm reports whether Sgemm runs here (amd64 with AVX2 and FMA).
func HasSgemm() bool { return hasFMA }

// Sgemm computes C = alpha op(A) op(B) + beta C for row-major float32
// matrices (op(X) = X or Xᵀ as tA, tB say; op(A) m×k, op(B) k×n), with
// packed panels and an FMA micro-kernel: the pure-Go build's matrix product
// (gonum's runs at a fifth of the speed). Each element of C is summed by
// one goroutine in a fixed order, so results do not depend on the number
// of threads. The caller checks the operands' lengths; it needs HasSgemm
// and m, n, k ≥ 1.
func Sgemm(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		switch beta {
		case 0:
			clear(row)
		case 1:
		default:
			for j := range row {
				row[j] *= beta
			}
		}
	}
	np := (n + gemmNR - 1) / gemmNR
	bp := make([]float32, gemmKC*np*gemmNR)
	blocks := (m + gemmMC - 1) / gemmMC
	workers := max(1, min(runtime.GOMAXPROCS(0), blocks))
	aps := make([][]float32, workers)
	for w := range aps {
		aps[w] = make([]float32, gemmMC*gemmKC)
	}
	for p0 := 0; p0 < k; p0 += gemmKC {
		kc := min(gemmKC, k-p0)
		packB(tB, b, ldb, p0, kc, n, bp)
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				var tile [gemmMR * gemmNR]float32
				for blk := w; blk < blocks; blk += workers {
					i0 := blk * gemmMC
					mc := min(gemmMC, m-i0)
					ap := aps[w]
					packA(tA, a, lda, i0, mc, p0, kc, ap)
					for ir := 0; ir < mc; ir += gemmMR {
						mr := min(gemmMR, mc-ir)
						pa := ap[ir*kc : ir*kc+gemmMR*kc]
						for jp := 0; jp < np; jp++ {
							sgemm6x16FMA(kc, &pa[0], &bp[jp*gemmNR*kc], &tile)
							j0 := jp * gemmNR
							nr := min(gemmNR, n-j0)
							for r := 0; r < mr; r++ {
								row := c[(i0+ir+r)*ldc+j0 : (i0+ir+r)*ldc+j0+nr]
								t := tile[r*gemmNR : r*gemmNR+nr]
								for j, v := range t {
									row[j] += alpha * v
								}
							}
						}
					}
				}
			}(w)
		}
		wg.Wait()
	}
}

// packA writes rows i0…i0+mc of op(A), columns p0…p0+kc, as micro-panels
// of gemmMR rows, each k-major (ap[panel·gemmMR·kc + p·gemmMR + r]), rows
// past m zero.
func packA(tA bool, a []float32, lda, i0, mc, p0, kc int, ap []float32) {
	for ir := 0; ir < mc; ir += gemmMR {
		pan := ap[ir*kc : ir*kc+gemmMR*kc]
		mr := min(gemmMR, mc-ir)
		for r := 0; r < gemmMR; r++ {
			if r >= mr {
				for p := 0; p < kc; p++ {
					pan[p*gemmMR+r] = 0
				}
				continue
			}
			i := i0 + ir + r
			if tA {
				for p := 0; p < kc; p++ {
					pan[p*gemmMR+r] = a[(p0+p)*lda+i]
				}
			} else {
				row := a[i*lda+p0 : i*lda+p0+kc]
				for p, v := range row {
					pan[p*gemmMR+r] = v
				}
			}
		}
	}
}

// packB writes rows p0…p0+kc of op(B) as panels of gemmNR columns, each
// k-major (bp[panel·gemmNR·kc + p·gemmNR + j]), columns past n zero.
func packB(tB bool, b []float32, ldb, p0, kc, n int, bp []float32) {
	for j0 := 0; j0 < n; j0 += gemmNR {
		pan := bp[(j0/gemmNR)*gemmNR*kc : (j0/gemmNR+1)*gemmNR*kc]
		nr := min(gemmNR, n-j0)
		for p := 0; p < kc; p++ {
			dst := pan[p*gemmNR : (p+1)*gemmNR]
			if tB {
				for j := 0; j < nr; j++ {
					dst[j] = b[(j0+j)*ldb+p0+p]
				}
			} else {
				copy(dst[:nr], b[(p0+p)*ldb+j0:(p0+p)*ldb+j0+nr])
			}
			clear(dst[nr:])
		}
	}
}
