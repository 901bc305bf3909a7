//go:build !amd64

package kernel

func cpuName() string { return "" }
