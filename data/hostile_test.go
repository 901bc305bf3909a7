package data

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// allocated runs f and returns the bytes it allocated.
func allocated(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var z bytes.Buffer
	w := gzip.NewWriter(&z)
	w.Write(b)
	w.Close()
	return z.Bytes()
}

func writeFile(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCorruptGzipIsAnError(t *testing.T) {
	good := gzipped(t, idxBytes([]uint32{2, 3}, []byte{1, 2, 3, 4, 5, 6}))
	if x, err := ReadIDXFile(writeFile(t, "ok.gz", good)); err != nil || len(x.Data) != 6 {
		t.Fatalf("intact file: %v", err)
	}
	// The trailer is CRC-32 then the length, little-endian, in the last 8 bytes.
	crc := append([]byte{}, good...)
	crc[len(crc)-8] ^= 0xff
	size := append([]byte{}, good...)
	size[len(size)-1] ^= 0x01
	payload := append([]byte{}, good...)
	payload[12] ^= 0x55
	for name, b := range map[string][]byte{"checksum": crc, "length": size, "payload": payload} {
		if _, err := ReadIDXFile(writeFile(t, "bad.gz", b)); err == nil {
			t.Errorf("corrupt %s accepted", name)
		}
	}
}

func TestDeclaredSizesDoNotAllocate(t *testing.T) {
	// 8 bytes announcing 2^28 data bytes: an error, and no big allocation.
	head := []byte{0, 0, 8, 1, 0x10, 0, 0, 0}
	var err error
	if n := allocated(func() { _, err = ParseIDX(bytes.NewReader(head)) }); n > 1<<20 || err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("idx announcing 256 MiB: %v after allocating %d bytes", err, n)
	}
	// 40-byte configuration files announcing 2^32 configurations, or L = 65534.
	hdr := func(l, count uint32, T float64) []byte {
		b := []byte(eaMagic)
		for _, v := range []any{uint32(1), l, uint32(0), uint64(1), T, count} {
			b, _ = binary.Append(b, binary.LittleEndian, v)
		}
		return b
	}
	for _, c := range []struct {
		name string
		raw  []byte
		want string
	}{
		{"count 2^32−1", hdr(16, 0xFFFFFFFF, 1), "truncated"},
		{"L = 65534", hdr(65534, 1, 1), "lattice side 65534"},
		{"no configurations", hdr(16, 0, 1), "no configurations"},
		{"T = NaN", hdr(16, 1, math.NaN()), "temperature NaN"},
		{"T = 0", hdr(16, 1, 0), "temperature 0"},
	} {
		var err error
		if n := allocated(func() { _, _, _, err = ParseConfigurations(c.raw) }); n > 1<<20 || err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v after allocating %d bytes", c.name, err, n)
		}
	}
	if _, err := NewEA2D(1000000, PlusMinusJ, 1); err == nil || !strings.Contains(err.Error(), "would need") {
		t.Errorf("L = 10^6: %v", err)
	}
}

func TestGzipBombIsRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("inflates 256 MiB")
	}
	// 257 MiB of 'A' compress to about 250 kB.
	var z bytes.Buffer
	w, _ := gzip.NewWriterLevel(&z, gzip.BestSpeed)
	w.Write([]byte(">a\n"))
	line := bytes.Repeat([]byte("A"), 1<<20)
	for k := 0; k < 257; k++ {
		w.Write(line)
	}
	w.Close()
	if _, err := ReadAlignment(writeFile(t, "bomb.fasta.gz", z.Bytes())); err == nil || !strings.Contains(err.Error(), "decompresses to more than the 256 MiB limit") {
		t.Errorf("gzip bomb: %v", err)
	}
}

func TestSamplingAndEnumerationSettings(t *testing.T) {
	m, _ := NewEA2D(4, PlusMinusJ, 1)
	if _, err := m.ParallelTempering(context.Background(), PTSettings{Temperatures: []float64{1, 2}, Sweeps: 5, Thin: 10}); err == nil || !strings.Contains(err.Error(), "collect nothing") {
		t.Errorf("fewer sweeps than one thinning interval: %v", err)
	}
	for _, T := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		if _, err := m.ExactMeanEnergy(T); err == nil {
			t.Errorf("T = %v accepted", T)
		}
	}
}

func FuzzParseAlignment(f *testing.F) {
	f.Add([]byte(">s1 desc\nAC-D\nEF\n>s2\nacAC..DDEFg\n"))
	f.Add([]byte(">a\nACD\n>b\nAC\n"))
	f.Add([]byte(">x\n\n>y\nY\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		a, err := ParseAlignment(bytes.NewReader(in))
		if err != nil {
			return
		}
		s := a.Seqs
		if s.M != len(a.Names) || s.M < 1 || s.L < 1 || len(s.S) != s.M*s.L || s.L > len(in) {
			t.Fatalf("accepted %d bytes as %d×%d (%d names)", len(in), s.M, s.L, len(a.Names))
		}
		if err := s.Validate(); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzParseConfigurations(f *testing.F) {
	m, _ := NewEA2D(4, Gaussian, 3)
	res, _ := m.ParallelTempering(context.Background(), PTSettings{Temperatures: []float64{1, 1.5}, Sweeps: 10, Thin: 5, Chains: 2, Seed: 1})
	p := filepath.Join(f.TempDir(), "x.plmea")
	SaveConfigurations(p, m, res.T, res.Configs)
	good, _ := os.ReadFile(p)
	f.Add(good)
	f.Add(good[:len(good)-1])
	f.Add([]byte(eaMagic))
	f.Fuzz(func(t *testing.T, in []byte) {
		m, T, x, err := ParseConfigurations(in)
		if err != nil {
			return
		}
		if !(T > 0) || x.P < 1 || x.N != m.N() || x.Validate() != nil || len(in) != configHeader+x.P*((x.N+7)/8) {
			t.Fatalf("accepted %d bytes as %d configurations of %d spins at T = %v", len(in), x.P, x.N, T)
		}
	})
}

// Every reader of a user-named path refuses FIFOs, devices and folders at
// once, naming the path (a FIFO used to block open(2) for ever, /dev/zero
// to fill memory).
func TestReadersRefuseNonRegularFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	readers := map[string]func(string) error{
		"ReadAlignment":      func(p string) error { _, err := ReadAlignment(p); return err },
		"ReadContactMap":     func(p string) error { _, err := ReadContactMap(p); return err },
		"ReadIDXFile":        func(p string) error { _, err := ReadIDXFile(p); return err },
		"LoadConfigurations": func(p string) error { _, _, _, err := LoadConfigurations(p); return err },
	}
	for name, read := range readers {
		for path, want := range map[string]string{fifo: "named pipe", "/dev/zero": "character device", dir: "directory"} {
			if err := read(path); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), path) {
				t.Errorf("%s(%s): %v, want an error naming the path and saying %q", name, path, err, want)
			}
		}
	}
}
