// Package limits bounds the memory that one allocation of plmlab may ask
// for, so that an impossible size is refused with a message saying how
// much it would need instead of ending the process out of memory.
//
// The limit is 16 GiB, or $PLMLAB_MEMORY_LIMIT (bytes, or with a suffix
// K, M, G or T for powers of 1024, e.g. "64G").
package limits

import (
	"fmt"
	"math"
	"math/bits"
	"os"
	"strconv"
	"strings"
)

// DefaultMemory is the limit when $PLMLAB_MEMORY_LIMIT is not set.
const DefaultMemory int64 = 16 << 30

// Memory is the largest number of bytes one allocation may take.
var Memory = fromEnv()

func fromEnv() int64 {
	s := strings.TrimSpace(os.Getenv("PLMLAB_MEMORY_LIMIT"))
	if s == "" {
		return DefaultMemory
	}
	if b, err := ParseBytes(s); err == nil && b > 0 {
		return b
	}
	return DefaultMemory
}

// ParseBytes reads "1048576", "512M", "16G", "1T".
func ParseBytes(s string) (int64, error) {
	s = strings.TrimSpace(strings.ToUpper(strings.TrimSuffix(strings.TrimSuffix(s, "B"), "i")))
	mult := int64(1)
	if n := len(s); n > 0 {
		if k := strings.IndexByte("KMGT", s[n-1]); k >= 0 {
			mult = 1 << (10 * (k + 1))
			s = s[:n-1]
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !(v >= 0) || v*float64(mult) > math.MaxInt64/2 {
		return 0, fmt.Errorf("not a size: %q", s)
	}
	return int64(v * float64(mult)), nil
}

// Bytes is elem·Π dims, and false if a dimension is negative or the product
// overflows int64.
func Bytes(elem int64, dims ...int) (int64, bool) {
	total := uint64(elem)
	for _, d := range dims {
		if d < 0 {
			return 0, false
		}
		hi, lo := bits.Mul64(total, uint64(d))
		if hi != 0 || lo > math.MaxInt64 {
			return 0, false
		}
		total = lo
	}
	return int64(total), true
}

// Check returns an error naming what would be allocated when elem·Π dims
// bytes overflow or exceed Memory.
func Check(what string, elem int64, dims ...int) error {
	b, ok := Bytes(elem, dims...)
	if !ok {
		return fmt.Errorf("%s of size %s is too large to represent", what, shape(dims))
	}
	if b > Memory {
		return fmt.Errorf("%s of size %s would need %s, more than the limit of %s (set PLMLAB_MEMORY_LIMIT to raise it)", what, shape(dims), Format(b), Format(Memory))
	}
	return nil
}

// Total checks a sum of allocations against Memory; parts are byte counts
// (use Bytes), and a negative part means one overflowed.
func Total(what string, parts ...int64) error {
	var t int64
	for _, p := range parts {
		if p < 0 || t > math.MaxInt64-p {
			return fmt.Errorf("%s is too large to represent", what)
		}
		t += p
	}
	if t > Memory {
		return fmt.Errorf("%s would need %s, more than the limit of %s (set PLMLAB_MEMORY_LIMIT to raise it)", what, Format(t), Format(Memory))
	}
	return nil
}

// Must is Bytes with overflow reported as −1 (for Total).
func Must(elem int64, dims ...int) int64 {
	b, ok := Bytes(elem, dims...)
	if !ok {
		return -1
	}
	return b
}

func shape(dims []int) string {
	parts := make([]string, len(dims))
	for k, d := range dims {
		parts[k] = strconv.Itoa(d)
	}
	return strings.Join(parts, "×")
}

// Format writes a byte count for people: 1.5 GiB, 320 MiB, 12 KiB.
func Format(b int64) string {
	f := float64(b)
	for _, u := range []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB"} {
		if f < 1024 || u == "PiB" {
			if u == "B" {
				return fmt.Sprintf("%d B", b)
			}
			return fmt.Sprintf("%.3g %s", f, u)
		}
		f /= 1024
	}
	return ""
}

// Sum is the sum of non-negative counts, and false if one is negative or
// the sum overflows int (BurnIn + Sweeps of 2⁶³−1 must not wrap to a
// negative loop bound).
func Sum(terms ...int) (int, bool) {
	t := 0
	for _, x := range terms {
		if x < 0 || t > math.MaxInt-x {
			return 0, false
		}
		t += x
	}
	return t, true
}

// Product is the product of non-negative counts, and false if one is
// negative or the product overflows int.
func Product(factors ...int) (int, bool) {
	p := 1
	for _, x := range factors {
		if x < 0 {
			return 0, false
		}
		hi, lo := bits.Mul64(uint64(p), uint64(x))
		if hi != 0 || lo > math.MaxInt {
			return 0, false
		}
		p = int(lo)
	}
	return p, true
}

// Steps is the number of points of a grid from 0 to span in steps of
// step, ⌊span/step⌋ + 1, and false when it is not finite or exceeds int.
func Steps(span, step float64) (int, bool) {
	n := span/step + 1
	if !(n >= 1) || n > float64(math.MaxInt/2) {
		return 0, false
	}
	return int(n), true
}
