//go:build !amd64

package kernel

const hasFMA = false

func sgemm6x16FMA(k int, a, b, c *float32, ldc int, alpha float32, add int) { panic("kernel: no FMA") }
