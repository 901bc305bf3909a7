package data

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/plmlab/plmlab/plm"
)

// MSAOptions say how an alignment is read for coupling inference, with
// plmc's meaning.
type MSAOptions struct {
	// Alphabet is the state order, its first letter the gap (default
	// AminoAlphabet, plmc's; -a). With the protein alphabet '.' reads as
	// '-'.
	Alphabet string
	// Focus, if set, selects the focus sequence: the first whose name
	// starts with it (plmc's -f). Only the columns where it has an upper
	// case letter are kept, and columns are numbered as plmc numbers them:
	// column k of the file (from 1) is residue k + start − 1, start read
	// from a name of the form FOCUS/START-END.
	Focus string
	// IgnoreGap is plmc's -g; with a focus it also drops the columns where
	// the focus has a gap under a non-protein alphabet.
	IgnoreGap bool
}

// MSA is an alignment read as plmc reads it: every sequence with a letter
// outside the alphabet is set aside, lower case letters count as their
// upper case state, and focus mode keeps the focus's columns.
type MSA struct {
	Names    []string       // of the sequences kept
	Seqs     *plm.Sequences // states: indices into Alphabet
	Alphabet string
	Total    int   // sequences in the file
	Skipped  []int // file indices (from 0) of the sequences set aside
	Focus    int   // index in Seqs of the focus sequence, −1 without
	Offsets  []int // the number of each kept column (from 1)
	Columns  int   // columns in the file
}

// ReadMSA reads a FASTA, A2M or Stockholm alignment (gzip-compressed or
// not) with plmc's conventions; see MSAOptions.
func ReadMSA(path string, o MSAOptions) (*MSA, error) {
	r, err := readMaybeGzip(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("data: alignment %s not found", path)
		}
		return nil, err
	}
	a, err := ParseMSA(r, o)
	if err != nil {
		return nil, fmt.Errorf("data: %s: %w", path, err)
	}
	return a, nil
}

type msaRecord struct {
	name string
	line int // where the record starts
	seq  []byte
}

// ParseMSA reads alignment text; see ReadMSA.
func ParseMSA(r io.Reader, o MSAOptions) (*MSA, error) {
	if o.Alphabet == "" {
		o.Alphabet = AminoAlphabet
	}
	if err := checkAlphabet(o.Alphabet); err != nil {
		return nil, err
	}
	br := bufio.NewReader(r)
	head, _ := br.Peek(11)
	var recs []msaRecord
	var err error
	if strings.HasPrefix(string(head), "# STOCKHOLM") {
		recs, err = readStockholm(br)
	} else {
		recs, err = readFASTA(br)
	}
	if err != nil {
		return nil, err
	}
	return encodeMSA(recs, o)
}

func checkAlphabet(a string) error {
	if len(a) < 2 || len(a) > 255 {
		return fmt.Errorf("alphabet %q must have 2 to 255 letters", a)
	}
	seen := map[byte]bool{}
	for k := 0; k < len(a); k++ {
		c := a[k]
		if c <= ' ' || c > '~' || (c >= 'a' && c <= 'z') || c == '>' || c == '#' {
			return fmt.Errorf("alphabet %q: letter %q is not an upper case printable character", a, c)
		}
		if seen[c] {
			return fmt.Errorf("alphabet %q repeats %q", a, c)
		}
		seen[c] = true
	}
	return nil
}

func scanner(r io.Reader) *bufio.Scanner {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<26)
	return sc
}

func readFASTA(r io.Reader) ([]msaRecord, error) {
	var recs []msaRecord
	sc := scanner(r)
	line := 0
	for sc.Scan() {
		line++
		t := strings.TrimSpace(sc.Text())
		if t == "" {
			continue
		}
		if t[0] == '>' {
			name := strings.TrimSpace(t[1:])
			if name == "" {
				name = fmt.Sprintf("(unnamed, line %d)", line)
			}
			recs = append(recs, msaRecord{name: name, line: line})
			continue
		}
		if len(recs) == 0 {
			return nil, fmt.Errorf("line %d: sequence data before the first '>' header (not FASTA, A2M or Stockholm)", line)
		}
		recs[len(recs)-1].seq = append(recs[len(recs)-1].seq, t...)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", line+1, err)
	}
	return recs, nil
}

// readStockholm reads Stockholm 1.0 (Pfam's format): "name sequence"
// lines, possibly in several blocks, markup lines (#=…) and comments
// skipped, "//" at the end.
func readStockholm(r io.Reader) ([]msaRecord, error) {
	var recs []msaRecord
	index := map[string]int{}
	sc := scanner(r)
	line := 0
	ended := false
	for sc.Scan() {
		line++
		t := strings.TrimSpace(sc.Text())
		if t == "" || t[0] == '#' {
			continue
		}
		if t == "//" {
			ended = true
			break
		}
		f := strings.Fields(t)
		if len(f) != 2 {
			return nil, fmt.Errorf("line %d: a Stockholm sequence line is \"name sequence\", got %d fields", line, len(f))
		}
		k, ok := index[f[0]]
		if !ok {
			k = len(recs)
			index[f[0]] = k
			recs = append(recs, msaRecord{name: f[0], line: line})
		}
		recs[k].seq = append(recs[k].seq, f[1]...)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", line+1, err)
	}
	if !ended {
		return nil, errors.New("alignment in Stockholm format without its closing \"//\" line (truncated file?)")
	}
	return recs, nil
}

// encodeMSA applies plmc's rules to the records.
func encodeMSA(recs []msaRecord, o MSAOptions) (*MSA, error) {
	if len(recs) == 0 {
		return nil, errors.New("no sequences (empty file?)")
	}
	cols := len(recs[0].seq)
	if cols == 0 {
		return nil, fmt.Errorf("sequence %q (line %d) is empty", recs[0].name, recs[0].line)
	}
	for _, r := range recs[1:] {
		if len(r.seq) != cols {
			return nil, fmt.Errorf("sequence %q (line %d) has %d columns, the first has %d (every sequence of an alignment has the same length, insertions included)", r.name, r.line, len(r.seq), cols)
		}
	}
	alpha := o.Alphabet
	protein := alpha == AminoAlphabet
	// code[c] = state + 1 for upper case, −(state + 1) for lower case, 0
	// outside the alphabet.
	var code [256]int
	for s := 0; s < len(alpha); s++ {
		c := alpha[s]
		code[c] = s + 1
		if c >= 'A' && c <= 'Z' {
			code[c+'a'-'A'] = -(s + 1)
		}
	}
	if protein {
		code['.'] = code['-']
	}
	a := &MSA{Alphabet: alpha, Total: len(recs), Focus: -1, Columns: cols}
	focusRec := -1
	if o.Focus != "" {
		for k, r := range recs {
			if strings.HasPrefix(r.name, o.Focus) {
				focusRec = k
				break
			}
		}
		if focusRec < 0 {
			return nil, fmt.Errorf("focus sequence %q: no sequence name starts with it", o.Focus)
		}
	}
	valid := func(r msaRecord) (bad byte, ok bool) {
		for _, c := range r.seq {
			if code[c] == 0 {
				return c, false
			}
		}
		return 0, true
	}
	keep := make([]bool, cols)
	offset := 0
	if focusRec >= 0 {
		fr := recs[focusRec]
		if c, ok := valid(fr); !ok {
			return nil, fmt.Errorf("focus sequence %q (line %d) has %q, outside the alphabet %s", fr.name, fr.line, c, alpha)
		}
		for i, c := range fr.seq {
			st := code[c]
			keep[i] = true
			if protein && st < 0 {
				keep[i] = false // lower case: an insertion relative to the focus
			}
			if (protein || o.IgnoreGap) && (st == 1 || st == -1) {
				keep[i] = false
			}
		}
		offset = regionStart(fr.name, o.Focus) - 1
	} else {
		for i := range keep {
			keep[i] = true
		}
	}
	for i, k := range keep {
		if k {
			a.Offsets = append(a.Offsets, i+1+offset)
		}
	}
	L := len(a.Offsets)
	if L < 2 {
		return nil, fmt.Errorf("%d column(s) kept; need at least 2", L)
	}
	states := make([]uint8, 0, L*len(recs))
	for k, r := range recs {
		if _, ok := valid(r); !ok {
			a.Skipped = append(a.Skipped, k)
			continue
		}
		if k == focusRec {
			a.Focus = len(a.Names)
		}
		a.Names = append(a.Names, r.name)
		for i, c := range r.seq {
			if keep[i] {
				st := code[c]
				if st < 0 {
					st = -st
				}
				states = append(states, uint8(st-1))
			}
		}
	}
	if len(a.Names) == 0 {
		return nil, fmt.Errorf("all %d sequences have letters outside the alphabet %s", len(recs), alpha)
	}
	s, err := plm.NewSequences(len(a.Names), L, len(alpha), states)
	if err != nil {
		return nil, err
	}
	a.Seqs = s
	return a, nil
}

// regionStart reads START from a focus name NAME/START-END (1 otherwise),
// where NAME is what the focus was selected by.
func regionStart(name, focus string) int {
	if len(name) <= len(focus)+1 || name[len(focus)] != '/' {
		return 1
	}
	rest := name[len(focus)+1:]
	n := 0
	for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
		n++
	}
	v, err := strconv.Atoi(rest[:n])
	if err != nil || v < 1 || v > math.MaxInt32/2 {
		return 1
	}
	return v
}

// IdentityWeights are plmc's sequence weights: w_s = 1/n_s, n_s the number
// of sequences (s included) that agree with s at no fewer than (1 − θ)·L
// columns (gaps count as a state). θ outside [0, 1] means no reweighting
// (all 1), as in plmc.
func IdentityWeights(s *plm.Sequences, theta float64) ([]float64, error) {
	if s == nil {
		return nil, errors.New("data: weights of no sequences")
	}
	if math.IsNaN(theta) {
		return nil, errors.New("data: θ is NaN")
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if theta < 0 || theta > 1 {
		w := make([]float64, s.M)
		for k := range w {
			w[k] = 1
		}
		return w, nil
	}
	need := int(math.Ceil((1 - theta) * float64(s.L)))
	return weightsByNeighbours(s, need), nil
}

// Meff is the effective number of sequences, the sum of the weights.
func Meff(w []float64) float64 {
	t := 0.0
	for _, v := range w {
		t += v
	}
	return t
}
