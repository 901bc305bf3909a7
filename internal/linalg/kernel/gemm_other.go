//go:build !amd64

package kernel

const hasFMA = false

func sgemm6x16FMA(k int, a, b *float32, tile *[gemmMR * gemmNR]float32) { panic("kernel: no FMA") }
