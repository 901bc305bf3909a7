package kernel

// CPUName is the processor's brand string ("" where it cannot be read):
// with Micro, what a measurement of the kernels holds for.
func CPUName() string { return cpuName() }
