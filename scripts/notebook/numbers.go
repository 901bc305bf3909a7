package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/plmlab/plmlab/figure"
	"github.com/plmlab/plmlab/internal/userfile"
)

// The numbers a notebook's prose quotes are tied to the figure data the
// notebook shows by an HTML comment right after the number (invisible in
// the rendered page):
//
//	PL's basin is 0.421<!--= basins-sizes series "PL" @0.4 -->
//
// The comment names a panel (a PANEL.json the notebook wrote, see
// nb.FiguresDirEnv; PANEL~2 for the second figure of that name it showed)
// and a value in it:
//
//	series NAME @X [err]         y (or its error bar) of series NAME at x = X
//	series NAME first|last|min|max   y at the first or last point, or its extreme
//	table ROW COL [#K]           the K-th number (default 1st) of a table cell;
//	                             ROW is the first column's text (or #i), COL a header (or #j)
//	heat NAME @X,Y               a heat map's value at (X, Y)
//	caption K                    the K-th number of the caption
//	param KEY [@X]               a parameter of the panel; @X picks, from a list
//	                             per point, the value at x = X of the first series
//
// followed by options: tol=T (absolute tolerance; default half a unit of
// the quoted number's last digit), pct (the quoted number is a percentage
// of the value), abs (compare |value|). Some trainings are sensitive to
// rounding (long gradient descent at large learning rates, rows without a
// minimum): another OpenBLAS kernel (OPENBLAS_CORETYPE) or pure Go
// (PLMLAB_BLAS=go) moves their numbers, so a machine with other CPUs
// computes others. Their tol covers the spread over those backends.
//
// A paragraph or table quoting numbers of a run the notebook does not make
// (the paper's sizes, another preset) carries <!--recorded: COMMAND-->,
// naming the command that measured them: they are counted as recorded, not
// checked. Numbers that are parameters or theory carry no comment.

// numberRef is one annotated number of a notebook's prose.
type numberRef struct {
	notebook, sentence, spec string
	quoted                   float64
	tol                      float64
}

var (
	// annotation finds a number and the comment after it.
	annotation = regexp.MustCompile(`([−-]?\d[\d,]*(?:\.\d+)?)(\s*%)?\$?\s*<!--=\s*(.*?)\s*-->`)
	recorded   = regexp.MustCompile(`<!--recorded:[^>]*-->`)
	anyNumber  = regexp.MustCompile(`(?:^|[^\w.$\\^_{])(\d+\.\d+)`)
	comment    = regexp.MustCompile(`<!--.*?-->`)
	formula    = regexp.MustCompile(`\$[^$]*\$`)
)

// parseQuoted reads a quoted number: a Unicode minus, thousands commas.
func parseQuoted(s string) (v float64, halfUnit float64, err error) {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "−", "-"), ",", "")
	v, err = strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, 0, err
	}
	decimals := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		decimals = len(s) - i - 1
	}
	return v, 0.5 * math.Pow(10, -float64(decimals)), nil
}

// sentenceAround is the sentence of text that holds position i, without
// comments and markup.
func sentenceAround(text string, i int) string {
	start := strings.LastIndexAny(text[:i], "\n") + 1
	for k := i - 1; k > start; k-- {
		if text[k] == ' ' && k > 0 && (text[k-1] == '.' || text[k-1] == ':') && !unicode.IsDigit(rune(text[k+1])) {
			start = k + 1
			break
		}
	}
	end := len(text)
	if j := strings.IndexByte(text[i:], '\n'); j >= 0 {
		end = i + j
	}
	for k := i; k+1 < end; k++ {
		if text[k] == '.' && text[k+1] == ' ' && !(k > 0 && unicode.IsDigit(rune(text[k-1])) && k+2 < end && unicode.IsDigit(rune(text[k+2]))) {
			end = k + 1
			break
		}
	}
	return strings.Join(strings.Fields(comment.ReplaceAllString(text[start:end], "")), " ")
}

// numberRefs lists the annotated numbers of a notebook's markdown cells,
// and counts the other decimal numbers of its prose (those marked
// recorded, and the rest).
func numberRefs(path string) (refs []numberRef, recordedCount, others int, err error) {
	nb, err := readNotebook(path)
	if err != nil {
		return nil, 0, 0, err
	}
	name := strings.TrimSuffix(filepath.Base(path), ".ipynb")
	for _, c := range nb.cells {
		if c["cell_type"] != "markdown" {
			continue
		}
		text := source(c)
		for _, m := range annotation.FindAllStringSubmatchIndex(text, -1) {
			q, half, err := parseQuoted(text[m[2]:m[3]])
			if err != nil {
				return nil, 0, 0, fmt.Errorf("%s: %q: %v", name, text[m[0]:m[1]], err)
			}
			r := numberRef{notebook: name, sentence: sentenceAround(text, m[2]), spec: text[m[6]:m[7]], quoted: q, tol: half}
			if m[4] >= 0 && !strings.Contains(r.spec, "pct") {
				r.spec += " pct"
			}
			refs = append(refs, r)
		}
		for _, block := range strings.Split(text, "\n\n") {
			rest := annotation.ReplaceAllString(block, "")
			rest = formula.ReplaceAllString(rest, "")
			n := len(anyNumber.FindAllString(rest, -1))
			if recorded.MatchString(block) {
				recordedCount += n
			} else {
				others += n
			}
		}
	}
	return refs, recordedCount, others, nil
}

// fields splits a spec into words; "quoted words" keep their spaces.
func fields(spec string) ([]string, error) {
	var out []string
	for s := strings.TrimSpace(spec); s != ""; s = strings.TrimSpace(s) {
		if s[0] == '"' {
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				return nil, fmt.Errorf("unclosed quote in %q", spec)
			}
			out = append(out, s[1:end+1])
			s = s[end+2:]
			continue
		}
		w, rest, _ := strings.Cut(s, " ")
		out, s = append(out, w), rest
	}
	return out, nil
}

var numberIn = regexp.MustCompile(`[−-]?\d+(?:\.\d+)?(?:e[−-]?\d+)?`)

// numbersIn lists the numbers of a text (a table cell, a caption).
func numbersIn(s string) []float64 {
	var out []float64
	for _, m := range numberIn.FindAllString(s, -1) {
		if v, err := strconv.ParseFloat(strings.ReplaceAll(m, "−", "-"), 64); err == nil {
			out = append(out, v)
		}
	}
	return out
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// resolve finds the value a spec names in the panels; it also returns the
// tolerance and the percent flag the spec's options set.
func resolve(spec string, panels map[string]*figure.Panel) (v float64, tol float64, pct bool, err error) {
	f, err := fields(spec)
	if err != nil {
		return 0, 0, false, err
	}
	var words []string
	abs := false
	for _, w := range f {
		switch {
		case strings.HasPrefix(w, "tol="):
			if tol, err = strconv.ParseFloat(w[4:], 64); err != nil || !(tol >= 0) {
				return 0, 0, false, fmt.Errorf("bad %s", w)
			}
		case w == "pct":
			pct = true
		case w == "abs":
			abs = true
		default:
			words = append(words, w)
		}
	}
	if len(words) < 3 {
		return 0, 0, false, fmt.Errorf("want PANEL KIND …, got %q", spec)
	}
	p, ok := panels[words[0]]
	if !ok {
		var names []string
		for n := range panels {
			names = append(names, n)
		}
		sort.Strings(names)
		return 0, 0, false, fmt.Errorf("no figure %s among the notebook's (%s)", words[0], strings.Join(names, ", "))
	}
	v, err = valueOf(p, words[1], words[2:])
	if abs {
		v = math.Abs(v)
	}
	return v, tol, pct, err
}

func valueOf(p *figure.Panel, kind string, args []string) (float64, error) {
	switch kind {
	case "series":
		var s *figure.Series
		for k := range p.Series {
			if p.Series[k].Name == args[0] {
				s = &p.Series[k]
			}
		}
		if s == nil || len(s.Y) == 0 {
			return 0, fmt.Errorf("%s has no series %q", p.Panel, args[0])
		}
		if len(args) < 2 {
			return 0, fmt.Errorf("series %q: want @X, first, last, min or max", args[0])
		}
		switch args[1] {
		case "first":
			return s.Y[0], nil
		case "last":
			return s.Y[len(s.Y)-1], nil
		case "min", "max":
			best := s.Y[0]
			for _, y := range s.Y {
				if (args[1] == "min") == (y < best) {
					best = y
				}
			}
			return best, nil
		}
		x, err := strconv.ParseFloat(strings.TrimPrefix(args[1], "@"), 64)
		if err != nil || !strings.HasPrefix(args[1], "@") {
			return 0, fmt.Errorf("series %q: bad point %q", args[0], args[1])
		}
		for k, sx := range s.X {
			if near(sx, x) {
				if len(args) > 2 && args[2] == "err" {
					if k >= len(s.YErr) {
						return 0, fmt.Errorf("series %q has no error bars", args[0])
					}
					return s.YErr[k], nil
				}
				return s.Y[k], nil
			}
		}
		return 0, fmt.Errorf("series %q has no point at x = %v (it has %v)", args[0], x, s.X)
	case "table":
		if p.Table == nil || len(args) < 2 {
			return 0, fmt.Errorf("%s: want a table and ROW COL", p.Panel)
		}
		row, err := index(args[0], len(p.Table.Rows), func(i int) string {
			if len(p.Table.Rows[i]) == 0 {
				return ""
			}
			return p.Table.Rows[i][0]
		})
		if err != nil {
			return 0, fmt.Errorf("%s: row: %w", p.Panel, err)
		}
		col, err := index(args[1], len(p.Table.Header), func(j int) string { return p.Table.Header[j] })
		if err != nil {
			return 0, fmt.Errorf("%s: column: %w", p.Panel, err)
		}
		if col >= len(p.Table.Rows[row]) {
			return 0, fmt.Errorf("%s: row %q has no column %d", p.Panel, args[0], col)
		}
		return nth(p.Table.Rows[row][col], args[2:])
	case "heat":
		if len(args) < 2 {
			return 0, fmt.Errorf("heat: want NAME @X,Y")
		}
		for _, h := range p.Heatmaps {
			if h.Name != args[0] {
				continue
			}
			xs, ys, ok := strings.Cut(strings.TrimPrefix(args[1], "@"), ",")
			x, err1 := strconv.ParseFloat(xs, 64)
			y, err2 := strconv.ParseFloat(ys, 64)
			if !ok || err1 != nil || err2 != nil {
				return 0, fmt.Errorf("heat %q: bad point %q", args[0], args[1])
			}
			for r, hy := range h.Y {
				for c, hx := range h.X {
					if near(hx, x) && near(hy, y) {
						return h.Z[r][c], nil
					}
				}
			}
			return 0, fmt.Errorf("heat map %q has no cell at (%v, %v)", args[0], x, y)
		}
		return 0, fmt.Errorf("%s has no heat map %q", p.Panel, args[0])
	case "caption":
		return nth(p.Caption, []string{"#" + args[0]})
	case "param":
		return paramValue(p, args)
	}
	return 0, fmt.Errorf("unknown kind %q (series, table, heat, caption, param)", kind)
}

// paramValue is a number of the panel's parameters: KEY for a number, KEY
// @X for the element of a list that goes with x = X of the panel's first
// series (a list per load, such as the stored fraction).
func paramValue(p *figure.Panel, args []string) (float64, error) {
	v, ok := p.Params[args[0]]
	if !ok {
		return 0, fmt.Errorf("%s has no parameter %q", p.Panel, args[0])
	}
	switch v := v.(type) {
	case float64:
		return v, nil
	case []any:
		if len(args) < 2 || !strings.HasPrefix(args[1], "@") || len(p.Series) == 0 {
			return 0, fmt.Errorf("parameter %q is a list: want @X of the first series", args[0])
		}
		x, err := strconv.ParseFloat(args[1][1:], 64)
		if err != nil {
			return 0, fmt.Errorf("parameter %q: bad point %q", args[0], args[1])
		}
		xs := p.Series[0].X
		if len(xs) != len(v) {
			return 0, fmt.Errorf("parameter %q has %d values, the first series %d points", args[0], len(v), len(xs))
		}
		for k, sx := range xs {
			if near(sx, x) {
				if f, ok := v[k].(float64); ok {
					return f, nil
				}
				return 0, fmt.Errorf("parameter %q at x = %v is not a number", args[0], x)
			}
		}
		return 0, fmt.Errorf("parameter %q: the first series has no x = %v", args[0], x)
	}
	return 0, fmt.Errorf("parameter %q is not a number", args[0])
}

// index finds a row or column by its text or as #i (from 1).
func index(key string, n int, text func(int) string) (int, error) {
	if k, err := strconv.Atoi(strings.TrimPrefix(key, "#")); err == nil && strings.HasPrefix(key, "#") {
		if k < 1 || k > n {
			return 0, fmt.Errorf("#%d outside 1…%d", k, n)
		}
		return k - 1, nil
	}
	var have []string
	for i := 0; i < n; i++ {
		if t := text(i); t == key {
			return i, nil
		} else {
			have = append(have, strconv.Quote(t))
		}
	}
	return 0, fmt.Errorf("no %q (there are %s)", key, strings.Join(have, ", "))
}

// nth is the K-th number of a text (args: [#K], default the first).
func nth(s string, args []string) (float64, error) {
	k := 1
	if len(args) > 0 {
		var err error
		if k, err = strconv.Atoi(strings.TrimPrefix(args[0], "#")); err != nil || k < 1 {
			return 0, fmt.Errorf("bad number index %q", args[0])
		}
	}
	nums := numbersIn(s)
	if k > len(nums) {
		return 0, fmt.Errorf("%q has %d numbers, not %d", s, len(nums), k)
	}
	return nums[k-1], nil
}

// loadPanels reads every PANEL.json of a notebook's figure folder.
func loadPanels(dir string) (map[string]*figure.Panel, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	out := map[string]*figure.Panel{}
	for _, f := range files {
		data, err := userfile.Read(f, 256<<20)
		if err != nil {
			return nil, err
		}
		var p figure.Panel
		if err := json.Unmarshal(data, &p); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".json")] = &p // PANEL, or PANEL~K for a second figure of that name
	}
	return out, nil
}

// numbersCommand checks the annotated numbers of each notebook against
// the figure data in FIGURES/NAME/ (execute_notebooks writes them).
func numbersCommand(args []string) (string, error) {
	if len(args) < 3 || args[0] != "-figures" {
		return "", usageError("numbers takes -figures DIR NOTEBOOK...")
	}
	dir := args[1]
	var report strings.Builder
	var bad []string
	checked, skipped := 0, 0
	for _, path := range args[2:] {
		refs, rec, others, err := numberRefs(path)
		if err != nil {
			return "", err
		}
		name := strings.TrimSuffix(filepath.Base(path), ".ipynb")
		figs := filepath.Join(dir, name)
		if st, err := os.Stat(figs); err != nil || !st.IsDir() {
			fmt.Fprintf(&report, "%s: SKIPPED, not executed (no %s): %d numbers unchecked\n", name, figs, len(refs))
			skipped += len(refs)
			continue
		}
		panels, err := loadPanels(figs)
		if err != nil {
			return "", err
		}
		ok := 0
		for _, r := range refs {
			v, tol, pct, err := resolve(r.spec, panels)
			if err != nil {
				bad = append(bad, fmt.Sprintf("%s: «%s»: %v", r.notebook, r.sentence, err))
				continue
			}
			if pct {
				v *= 100
			}
			if tol == 0 {
				tol = r.tol
			}
			if math.IsNaN(v) || math.Abs(v-r.quoted) > tol+1e-12 {
				bad = append(bad, fmt.Sprintf("%s: «%s» quotes %v, the figure data give %.6g (%s; tolerance %g)", r.notebook, r.sentence, r.quoted, v, r.spec, tol))
				continue
			}
			ok++
		}
		checked += ok
		fmt.Fprintf(&report, "%s: %d of %d quoted numbers agree with the figure data; %d recorded from other runs; %d other numbers (parameters, theory)\n", name, ok, len(refs), rec, others)
	}
	fmt.Fprintf(&report, "numbers: %d checked, %d disagree, %d not checked (notebook not executed)\n", checked, len(bad), skipped)
	if len(bad) > 0 {
		return report.String(), fmt.Errorf("%d quoted numbers disagree with the figure data:\n  %s", len(bad), strings.Join(bad, "\n  "))
	}
	return report.String(), nil
}
