package data

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/plmlab/plmlab/internal/linalg"
	"github.com/plmlab/plmlab/plm"
)

// AminoAlphabet is the state order of protein alignments: the gap, then the
// 20 amino acids (state 0 is '-').
const AminoAlphabet = "-ACDEFGHIKLMNPQRSTVWY"

// Alignment is a multiple sequence alignment of M sequences of L match
// states, as states 0 … Q−1 of AminoAlphabet.
type Alignment struct {
	Names []string
	Seqs  *plm.Sequences
}

// ReadAlignment reads a FASTA or A2M alignment, gzip-compressed or not.
// Upper-case letters and '-' are match states; lower-case letters and '.'
// (A2M insertions) are dropped. Unknown letters, sequences of different
// lengths and files without sequences are errors naming the sequence.
func ReadAlignment(path string) (*Alignment, error) {
	r, err := readMaybeGzip(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("data: alignment %s not found", path)
		}
		return nil, err
	}
	a, err := ParseAlignment(r)
	if err != nil {
		return nil, fmt.Errorf("data: %s: %w", path, err)
	}
	return a, nil
}

// ParseAlignment reads FASTA/A2M text (see ReadAlignment).
func ParseAlignment(r io.Reader) (*Alignment, error) {
	var code [256]int8
	for i := range code {
		code[i] = -1
	}
	for s, c := range AminoAlphabet {
		code[c] = int8(s)
	}
	recs, err := readFASTA(r)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, errors.New("no sequences (empty file?)")
	}
	a := &Alignment{}
	var states []uint8
	length := -1
	for _, rec := range recs {
		n := len(states)
		for _, c := range rec.seq {
			if c == '.' || (c >= 'a' && c <= 'z') {
				continue // A2M insertion
			}
			s := code[c]
			if s < 0 {
				return nil, fmt.Errorf("sequence %q (line %d): unknown letter %q (alphabet %s, lower case and '.' are insertions)", rec.name, rec.line, c, AminoAlphabet)
			}
			states = append(states, uint8(s))
		}
		got := len(states) - n
		switch {
		case got == 0:
			return nil, fmt.Errorf("sequence %q is empty", rec.name)
		case length < 0:
			length = got
		case got != length:
			return nil, fmt.Errorf("sequence %q has %d match states, the first has %d (ragged alignment)", rec.name, got, length)
		}
		a.Names = append(a.Names, rec.name)
	}
	seqs, err := plm.NewSequences(len(a.Names), length, len(AminoAlphabet), states)
	if err != nil {
		return nil, err
	}
	a.Seqs = seqs
	return a, nil
}

// Weights returns the usual reweighting of an alignment: w_m = 1/n_m with
// n_m the number of sequences (itself included) at identity ≥ threshold
// with sequence m (threshold 0.8 in most DCA work).
// A nil or invalid alignment, or a threshold outside [0, 1], is an error.
func Weights(s *plm.Sequences, threshold float64) ([]float64, error) {
	if s == nil {
		return nil, errors.New("data: weights of no sequences")
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if !(threshold >= 0 && threshold <= 1) {
		return nil, fmt.Errorf("data: identity threshold %v outside [0, 1]", threshold)
	}
	return weightsByNeighbours(s, int(threshold*float64(s.L)+0.999999)), nil
}

// weightsByNeighbours returns 1/n_m, n_m the number of sequences (m
// included) equal to sequence m at no fewer than need sites.
func weightsByNeighbours(s *plm.Sequences, need int) []float64 {
	// Each pair is compared once; workers count into their own arrays
	// (integer counts, so the result does not depend on the split).
	local := make([][]int, linalg.Workers(s.M))
	for w := range local {
		local[w] = make([]int, s.M)
	}
	linalg.ForEach(s.M, func(a, w int) {
		x := s.Row(a)
		for b := a + 1; b < s.M; b++ {
			y := s.Row(b)
			same := 0
			for i := range x {
				if x[i] == y[i] {
					same++
				}
			}
			if same >= need {
				local[w][a]++
				local[w][b]++
			}
		}
	})
	out := make([]float64, s.M)
	for k := range out {
		c := 1
		for _, l := range local {
			c += l[k]
		}
		out[k] = 1 / float64(c)
	}
	return out
}

// PF13354File is the file name of the beta-lactamase alignment.
const PF13354File = "PF13354_wo_ref_seqs.fasta.gz"

// FindPF13354 returns the path of the beta-lactamase alignment, as
// PF13354Alignment.Find looks for it: $PLMLAB_PF13354, the project's
// shared copy, the user's data folder (scripts/setup.sh --data fetches it
// there).
func FindPF13354() (string, error) { return PF13354Alignment.Find() }

// FindPF13354Structure returns the path of PF13354's contact map
// ($PLMLAB_PF13354_STRUCT, the shared copy, the data folder).
func FindPF13354Structure() (string, error) { return PF13354Structure.Find() }
