package experiment

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// LineProgress returns a Progress that draws reports as one line,
// "[name] ####.... 12/30 step detail": redrawn in place at most 10 times a
// second on a terminal, printed as plain lines at most every 10 seconds
// elsewhere (logs, CI, cluster jobs). Call the returned end function when
// the run is over, to finish the line.
func LineProgress(w io.Writer) (p Progress, end func()) {
	l := &lineProgress{w: w, tty: isTerminal(w)}
	return l.report, l.end
}

type lineProgress struct {
	mu   sync.Mutex
	w    io.Writer
	tty  bool
	open bool
	last time.Time
}

func (l *lineProgress) report(r Report) {
	l.mu.Lock()
	defer l.mu.Unlock()
	every := 10 * time.Second
	if l.tty {
		every = 100 * time.Millisecond
	}
	final := r.Done == r.Total && r.Epoch == nil
	if time.Since(l.last) < every && !final {
		return
	}
	l.last = time.Now()
	const width = 24
	fill := 0
	if r.Total > 0 {
		fill = min(width, width*r.Done/r.Total)
	}
	line := fmt.Sprintf("[%s] %s%s %d/%d %s", r.Experiment, strings.Repeat("#", fill), strings.Repeat(".", width-fill), r.Done, r.Total, r.Step)
	if r.Detail != "" {
		line += " · " + r.Detail
	}
	if !l.tty {
		fmt.Fprintln(l.w, line)
		return
	}
	fmt.Fprint(l.w, "\r\033[K"+line)
	l.open = true
}

func (l *lineProgress) end() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open {
		fmt.Fprintln(l.w)
		l.open = false
	}
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
