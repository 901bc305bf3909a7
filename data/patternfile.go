package data

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/plmlab/plmlab/internal/userfile"
	"github.com/plmlab/plmlab/plm"
)

// ReadPatterns reads ±1 patterns, one per row: a .npy file of shape
// (P, N), or text with one pattern per line, its N entries +1/−1 (or
// 1/-1) separated by spaces, tabs or commas, or written as a string of
// '+' and '-'. Blank lines and lines starting with '#' are skipped. An
// entry other than ±1, rows of different lengths and empty files are
// errors naming the line (or index) and the entry.
func ReadPatterns(path string) (*plm.Patterns, error) {
	b, err := userfile.Read(path, MaxInputBytes)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	var x *plm.Patterns
	if bytes.HasPrefix(b, []byte("\x93NUMPY")) {
		x, err = patternsFromNPY(b)
	} else {
		x, err = patternsFromText(b)
	}
	if err != nil {
		return nil, fmt.Errorf("data: patterns %s: %w", path, err)
	}
	return x, nil
}

func patternsFromNPY(b []byte) (*plm.Patterns, error) {
	a, err := ParseNPY(b)
	if err != nil {
		return nil, err
	}
	if len(a.Shape) != 2 || a.Shape[0] == 0 || a.Shape[1] < 2 {
		return nil, fmt.Errorf("array of shape %v; want (P, N) with P ≥ 1 patterns of N ≥ 2 spins", a.Shape)
	}
	n := a.Shape[1]
	d := make([]float32, len(a.Data))
	for k, v := range a.Data {
		if v != 1 && v != -1 {
			return nil, fmt.Errorf("entry [%d, %d] is %v, not ±1", k/n, k%n, v)
		}
		d[k] = float32(v)
	}
	return plm.PatternsFromData(a.Shape[0], n, d)
}

func patternsFromText(b []byte) (*plm.Patterns, error) {
	var d []float32
	n, p := -1, 0
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<16), 1<<26)
	line := 0
	for sc.Scan() {
		line++
		t := strings.TrimSpace(sc.Text())
		if t == "" || t[0] == '#' {
			continue
		}
		var row []float32
		if strings.Trim(t, "+-") == "" && !strings.ContainsAny(t, " ,\t") && len(t) > 1 {
			for _, c := range t {
				row = append(row, map[rune]float32{'+': 1, '-': -1}[c])
			}
		} else {
			for k, f := range strings.FieldsFunc(t, func(r rune) bool { return r == ' ' || r == '\t' || r == ',' }) {
				switch f {
				case "1", "+1", "1.0", "+1.0":
					row = append(row, 1)
				case "-1", "-1.0":
					row = append(row, -1)
				default:
					return nil, fmt.Errorf("line %d, entry %d: %q is not ±1", line, k+1, f)
				}
			}
		}
		if n < 0 {
			n = len(row)
		} else if len(row) != n {
			return nil, fmt.Errorf("line %d has %d entries, the first pattern %d", line, len(row), n)
		}
		d = append(d, row...)
		p++
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", line+1, err)
	}
	if p == 0 {
		return nil, errors.New("no patterns (empty file?)")
	}
	if n < 2 {
		return nil, fmt.Errorf("patterns of %d spin(s); need at least 2", n)
	}
	return plm.PatternsFromData(p, n, d)
}
