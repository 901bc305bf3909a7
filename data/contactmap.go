package data

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/plmlab/plmlab/internal/limits"
)

// ContactMap holds the distances between the residues of a family's
// reference structure, in the alignment's numbering: what predicted
// contacts are scored against.
type ContactMap struct {
	L int // sites: the largest index in the file
	// Distance[i][j] (0-based, symmetric) in Å; NaN for a pair the file
	// does not list.
	Distance [][]float64
}

// ReadContactMap reads a structure file of lines "i j score distance"
// (1-based alignment positions, distance in Å in the 4th column; the
// format of pagnani/ArDCAData's *_struct.dat), plain or gzipped (by its
// content, whatever the name). Each pair
// may appear once; indices must be positive integers and distances finite
// and ≥ 0.
func ReadContactMap(path string) (*ContactMap, error) {
	r, err := readMaybeGzip(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("data: contact map %s not found", path)
		}
		return nil, err
	}
	type pair struct {
		i, j int
		d    float64
	}
	var pairs []pair
	maxL := 0
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		fs := strings.Fields(sc.Text())
		if len(fs) == 0 || strings.HasPrefix(fs[0], "#") {
			continue
		}
		if len(fs) < 4 {
			return nil, fmt.Errorf("data: contact map %s, line %d: %d columns, want i j score distance", path, line, len(fs))
		}
		var idx [2]int
		for k := 0; k < 2; k++ {
			v, err := strconv.ParseFloat(fs[k], 64)
			if err != nil || v != math.Trunc(v) || v < 1 || v > 1e6 {
				return nil, fmt.Errorf("data: contact map %s, line %d: position %q is not a positive integer", path, line, fs[k])
			}
			idx[k] = int(v)
		}
		d, err := strconv.ParseFloat(fs[3], 64)
		if err != nil || math.IsNaN(d) || math.IsInf(d, 0) || d < 0 {
			return nil, fmt.Errorf("data: contact map %s, line %d: distance %q is not a finite number ≥ 0", path, line, fs[3])
		}
		if idx[0] == idx[1] {
			return nil, fmt.Errorf("data: contact map %s, line %d: a residue paired with itself (%d)", path, line, idx[0])
		}
		pairs = append(pairs, pair{idx[0] - 1, idx[1] - 1, d})
		maxL = max(maxL, idx[0], idx[1])
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("data: contact map %s: %w", path, err)
	}
	if len(pairs) == 0 {
		return nil, fmt.Errorf("data: contact map %s lists no pair", path)
	}
	// The largest position sets an L×L table: 1e6 would ask for 8 TB.
	if err := limits.Check(fmt.Sprintf("data: contact map %s: the distance table up to position %d", path, maxL), 8, maxL, maxL); err != nil {
		return nil, err
	}
	m := &ContactMap{L: maxL, Distance: make([][]float64, maxL)}
	for i := range m.Distance {
		m.Distance[i] = make([]float64, maxL)
		for j := range m.Distance[i] {
			m.Distance[i][j] = math.NaN()
		}
	}
	for _, p := range pairs {
		if !math.IsNaN(m.Distance[p.i][p.j]) {
			return nil, fmt.Errorf("data: contact map %s lists the pair (%d, %d) twice", path, p.i+1, p.j+1)
		}
		m.Distance[p.i][p.j], m.Distance[p.j][p.i] = p.d, p.d
	}
	return m, nil
}

// Contact says whether sites i and j (0-based) are closer than cutoff Å;
// a pair the map does not list is not a contact.
func (m *ContactMap) Contact(i, j int, cutoff float64) bool {
	return i >= 0 && j >= 0 && i < m.L && j < m.L && m.Distance[i][j] < cutoff
}
