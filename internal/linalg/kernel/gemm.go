package kernel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Blocking of Sgemm: micro-tiles of mr×nr (the micro-kernel's registers
// of accumulators); k in blocks of at most gemmKC (a B micro-panel of
// gemmKC×nr, 16 KB with AVX2 and 32 KB with AVX-512, stays in L1 while the
// kernel walks the rows of a packed A block); blocks of at most gemmMC
// rows of A (≤ 120 KB: in L2), a multiple of every mr.
const (
	gemmKC = 256
	gemmMC = 120
	maxMR  = 12
	maxNR  = 32
)

// microKernel is a micro-kernel and its tile: fn adds (add = 1) or stores
// (add = 0) alpha·Σ_p a[p·mr + r]·b[p·nr + j] into c[r·ldc + j], each
// element summed over p in order by one FMA chain. Every kernel does the
// same operations on each element, so they all give the same bits.
type microKernel struct {
	name   string
	mr, nr int
	fn     func(k int, a, b, c *float32, ldc int, alpha float32, add int)
}

// Micro names the micro-kernel Sgemm uses here ("" if none).
func Micro() string { return micro.name }

// gemmPackedB caps the floats of B packed at once (a variable so that
// tests can make it small).
var gemmPackedB = 4 << 20

// HasSgemm reports whether Sgemm runs here (amd64 with AVX2 and FMA).
func HasSgemm() bool { return hasFMA }

// Sgemm computes C = alpha op(A) op(B) + beta C for row-major float32
// matrices (op(X) = X or Xᵀ as tA, tB say; op(A) m×k, op(B) k×n), with
// packed panels and an FMA micro-kernel that adds its tile to C: the
// pure-Go build's matrix product. Each element of C is summed in a fixed
// order (k in blocks of the same lengths, each block's sum added to C with
// one FMA) by one goroutine, so results do not depend on the number of
// threads. The caller checks the operands' lengths; it needs HasSgemm and
// m, n, k ≥ 1.
func Sgemm(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	sgemm(micro, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// sgemm is Sgemm with micro-kernel mk.
func sgemm(mk microKernel, tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	mr, nr0 := mk.mr, mk.nr
	workers := max(1, runtime.GOMAXPROCS(0))
	if beta != 0 && beta != 1 {
		parallel(min(workers, m), func(w, nw int) {
			for i := w; i < m; i += nw {
				for j := range c[i*ldc : i*ldc+n] {
					c[i*ldc+j] *= beta
				}
			}
		})
	}
	// k in equal blocks (784 = 4 × 196, not 3 × 256 + 16): a short last
	// block would pay the tile's write-back for little work.
	kBlocks := (k + gemmKC - 1) / gemmKC
	kc0 := (k + kBlocks - 1) / kBlocks
	// Row blocks of at most gemmMC rows, each a multiple of mr.
	blocks := (m + gemmMC - 1) / gemmMC
	mc0 := ((m+blocks-1)/blocks + mr - 1) / mr * mr
	blocks = (m + mc0 - 1) / mc0
	np := (n + nr0 - 1) / nr0
	// B is packed for several blocks of k at once (up to gemmPackedB
	// floats), so that the workers meet once per super-block, not once per
	// block of k.
	kBlocksPacked := max(1, min(kBlocks, gemmPackedB/(kc0*np*nr0)))
	bp := getBuf(&bBufs, kBlocksPacked*kc0*np*nr0)
	defer putBuf(&bBufs, bp)
	// Tasks are a row block and a chunk of the B panels: with few row
	// blocks, the panels are shared out too, so that every worker has at
	// least four tasks (an A block in L2 serves a whole chunk).
	chunks := 1
	if blocks < 4*workers {
		chunks = min(np, (4*workers+blocks-1)/blocks)
	}
	chunk := (np + chunks - 1) / chunks
	chunks = (np + chunk - 1) / chunk
	tasks := blocks * chunks
	nw := max(1, min(workers, tasks))
	aps := make([][]float32, nw)
	for w := range aps {
		aps[w] = getBuf(&aBufs, (mc0+mr)*kc0)
		defer putBuf(&aBufs, aps[w])
	}
	for s0 := 0; s0 < k; s0 += kBlocksPacked * kc0 {
		s1 := min(k, s0+kBlocksPacked*kc0)
		// Block q of this super-block starts at s0 + q·kc0 and its panel
		// jp is at bp[(q·np + jp)·nr0·kc0].
		units := (s1 - s0 + kc0 - 1) / kc0 * np
		parallel(min(workers, units), func(w, nwp int) {
			for u := w; u < units; u += nwp {
				q, jp := u/np, u%np
				p0 := s0 + q*kc0
				kc := min(kc0, s1-p0)
				off := (q*np + jp) * nr0 * kc0
				packB(tB, b, ldb, p0, kc, n, jp, nr0, bp[off:off+nr0*kc])
			}
		})
		// Tasks go to whichever worker is free (a core the host slows
		// down takes fewer); each is computed the same way by any worker.
		var next atomic.Int64
		parallel(nw, func(w, nw int) {
			var tile [maxMR * maxNR]float32
			ap := aps[w]
			for t := int(next.Add(1) - 1); t < tasks; t = int(next.Add(1) - 1) {
				blk, jp0 := t/chunks, t%chunks*chunk
				jp1 := min(np, jp0+chunk)
				i0 := blk * mc0
				mc := min(mc0, m-i0)
				for p0 := s0; p0 < s1; p0 += kc0 {
					kc := min(kc0, s1-p0)
					add := 1 // with beta = 0 the first block stores: C is not read
					if p0 == 0 && beta == 0 {
						add = 0
					}
					q := (p0 - s0) / kc0
					packA(tA, a, lda, i0, mc, p0, kc, mr, ap)
					for jp := jp0; jp < jp1; jp++ {
						pb := &bp[(q*np+jp)*nr0*kc0]
						j0 := jp * nr0
						nr := min(nr0, n-j0)
						for ir := 0; ir < mc; ir += mr {
							rows := min(mr, mc-ir)
							pa := &ap[ir*kc]
							ci := (i0+ir)*ldc + j0
							if rows == mr && nr == nr0 {
								mk.fn(kc, pa, pb, &c[ci], ldc, alpha, add)
								continue
							}
							edge(mk, tile[:mr*nr0], kc, pa, pb, c, ci, ldc, rows, nr, alpha, add)
						}
					}
				}
			}
		})
	}
}

// aBufs and bBufs recycle the packing buffers of A and B: a PL epoch calls
// Sgemm twice, a run thousands of times, and B's packed copy is megabytes.
var aBufs, bBufs sync.Pool

// getBuf returns a buffer of n floats from pool (contents undefined:
// packing writes every element the kernel reads).
func getBuf(pool *sync.Pool, n int) []float32 {
	if b, ok := pool.Get().(*[]float32); ok && cap(*b) >= n {
		return (*b)[:n]
	}
	return make([]float32, n)
}

func putBuf(pool *sync.Pool, b []float32) { pool.Put(&b) }

// parallel runs fn(w, n) for w = 0…n−1 on n goroutines (the caller's
// included) and waits for them all.
func parallel(n int, fn func(w, n int)) {
	if n <= 1 {
		fn(0, 1)
		return
	}
	var wg sync.WaitGroup
	for w := 1; w < n; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			fn(w, n)
		}(w)
	}
	fn(0, n)
	wg.Wait()
}

// packA writes rows i0…i0+mc of op(A), columns p0…p0+kc, as micro-panels
// of mr rows (a multiple of 6), each k-major (ap[panel·mr·kc + p·mr + r]),
// rows past m zero.
func packA(tA bool, a []float32, lda, i0, mc, p0, kc, mr int, ap []float32) {
	for ir := 0; ir < mc; ir += mr {
		pan := ap[ir*kc : ir*kc+mr*kc]
		rows := min(mr, mc-ir)
		if rows < mr {
			clear(pan)
		}
		if tA {
			// Row p of A holds op(A)'s column p: rows neighbours per read
			// (whole panels as arrays: no call per step).
			switch {
			case rows == 12 && mr == 12:
				for p := 0; p < kc; p++ {
					o := (p0+p)*lda + i0 + ir
					*(*[12]float32)(pan[p*12:]) = [12]float32(a[o : o+12])
				}
				continue
			case rows == 6 && mr == 6:
				for p := 0; p < kc; p++ {
					o := (p0+p)*lda + i0 + ir
					*(*[6]float32)(pan[p*6:]) = [6]float32(a[o : o+6])
				}
				continue
			}
			for p := 0; p < kc; p++ {
				o := (p0+p)*lda + i0 + ir
				copy(pan[p*mr:p*mr+rows], a[o:o+rows])
			}
			continue
		}
		// Six rows read along at a time, the panel written along.
		g := 0
		for ; g+6 <= rows; g += 6 {
			o := (i0+ir+g)*lda + p0
			r0, r1, r2 := a[o:o+kc], a[o+lda:o+lda+kc], a[o+2*lda:o+2*lda+kc]
			r3, r4, r5 := a[o+3*lda:o+3*lda+kc], a[o+4*lda:o+4*lda+kc], a[o+5*lda:o+5*lda+kc]
			for p := range r0 {
				d := pan[p*mr+g : p*mr+g+6 : p*mr+g+6]
				d[0], d[1], d[2], d[3], d[4], d[5] = r0[p], r1[p], r2[p], r3[p], r4[p], r5[p]
			}
		}
		for r := g; r < rows; r++ {
			row := a[(i0+ir+r)*lda+p0 : (i0+ir+r)*lda+p0+kc]
			for p, v := range row {
				pan[p*mr+r] = v
			}
		}
	}
}

// packB writes rows p0…p0+kc of op(B), columns of panel jp (nr, a
// multiple of 16, from jp·nr), k-major into pan (pan[p·nr + j]), columns
// past n zero.
func packB(tB bool, b []float32, ldb, p0, kc, n, jp, nr int, pan []float32) {
	j0 := jp * nr
	cols := min(nr, n-j0)
	if cols < nr {
		clear(pan)
	}
	if !tB {
		for p := 0; p < kc; p++ {
			copy(pan[p*nr:p*nr+cols], b[(p0+p)*ldb+j0:(p0+p)*ldb+j0+cols])
		}
		return
	}
	// Row j of B holds op(B)'s column j: sixteen rows read along at a
	// time, the panel written along.
	g := 0
	for ; g+16 <= cols; g += 16 {
		var rows [16][]float32
		for j := range rows {
			o := (j0+g+j)*ldb + p0
			rows[j] = b[o : o+kc : o+kc]
		}
		for p := 0; p < kc; p++ {
			d := pan[p*nr+g : p*nr+g+16 : p*nr+g+16]
			d[0], d[1], d[2], d[3] = rows[0][p], rows[1][p], rows[2][p], rows[3][p]
			d[4], d[5], d[6], d[7] = rows[4][p], rows[5][p], rows[6][p], rows[7][p]
			d[8], d[9], d[10], d[11] = rows[8][p], rows[9][p], rows[10][p], rows[11][p]
			d[12], d[13], d[14], d[15] = rows[12][p], rows[13][p], rows[14][p], rows[15][p]
		}
	}
	for j := g; j < cols; j++ {
		row := b[(j0+j)*ldb+p0 : (j0+j)*ldb+p0+kc]
		for p, v := range row {
			pan[p*nr+j] = v
		}
	}
}

// edge runs the micro-kernel on a rows×cols corner tile of C through a
// copy (tile: mk.mr×mk.nr), with the same operations as on a full tile.
func edge(mk microKernel, tile []float32, kc int, pa, pb *float32, c []float32, ci, ldc, rows, cols int, alpha float32, add int) {
	nr := mk.nr
	for r := 0; r < mk.mr; r++ {
		t := tile[r*nr : (r+1)*nr]
		if r < rows {
			copy(t, c[ci+r*ldc:ci+r*ldc+cols])
			clear(t[cols:])
		} else {
			clear(t)
		}
	}
	mk.fn(kc, pa, pb, &tile[0], nr, alpha, add)
	for r := 0; r < rows; r++ {
		copy(c[ci+r*ldc:ci+r*ldc+cols], tile[r*nr:r*nr+cols])
	}
}
