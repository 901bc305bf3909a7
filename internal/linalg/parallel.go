package linalg

import (
	"runtime"
	"sync"
)

// For calls fn on disjoint ranges [lo, hi) covering [0, n), in parallel.
// Callers must not let results depend on how the range is split: write
// per-index outputs and reduce them afterwards in index order.
func For(n int, fn func(lo, hi int)) {
	workers := runtime.GOMAXPROCS(0)
	if workers > n {
		workers = n
	}
	if workers <= 1 {
		if n > 0 {
			fn(0, n)
		}
		return
	}
	chunk := (n + workers - 1) / workers
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			fn(lo, hi)
		}(lo, hi)
	}
	wg.Wait()
}

// ForEach calls fn(i, worker) for every i in [0, n) using a fixed pool of
// workers that pull indices in order; worker is in [0, Workers(n)) so
// callers can keep per-worker scratch space.
func ForEach(n int, fn func(i, worker int)) {
	workers := Workers(n)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			fn(i, 0)
		}
		return
	}
	var mu sync.Mutex
	next := 0
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				fn(i, w)
			}
		}(w)
	}
	wg.Wait()
}

// Workers is the number of workers ForEach uses for n items.
func Workers(n int) int {
	return max(1, min(runtime.GOMAXPROCS(0), n))
}
