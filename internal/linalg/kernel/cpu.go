package kernel

// Level names the vector kernels this CPU runs: "AVX-512", "AVX2+FMA",
// or "none" (the Go loops).
func Level() string {
	switch {
	case hasAVX512:
		return "AVX-512"
	case hasFMA:
		return "AVX2+FMA"
	}
	return "none"
}

// CPUName is the processor's brand string ("" where it cannot be read):
// with Level, what a measurement of the kernels holds for.
func CPUName() string { return cpuName() }
