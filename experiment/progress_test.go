package experiment

import (
	"bytes"
	"strings"
	"testing"
)

func TestLineProgress(t *testing.T) {
	var b bytes.Buffer
	p, end := LineProgress(&b)
	p(Report{Experiment: "basins", Done: 0, Total: 4, Step: "PL"})
	p(Report{Experiment: "basins", Done: 2, Total: 4, Step: "Hebb", Detail: "m_in 3/21"}) // within 10 s: not printed
	p(Report{Experiment: "basins", Done: 4, Total: 4, Step: "done"})                      // the end always is
	end()
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 2 || lines[0] != "[basins] ........................ 0/4 PL" || lines[1] != "[basins] ######################## 4/4 done" {
		t.Errorf("progress lines:\n%s", b.String())
	}
}
