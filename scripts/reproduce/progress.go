package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

var (
	progressOut  io.Writer = os.Stderr
	progressOpen bool
	lastDraw     time.Time
)

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progress redraws one terminal line: "[label] ####.... 12/30 detail".
// On a terminal it redraws at most 10 times a second; elsewhere (logs, CI)
// it prints a plain line at most every 10 seconds.
func progress(label string, done, total int, detail string) {
	tty := isTerminal(progressOut)
	every := 10 * time.Second
	if tty {
		every = 100 * time.Millisecond
	}
	if time.Since(lastDraw) < every && done != total {
		return
	}
	lastDraw = time.Now()
	const width = 24
	fill := 0
	if total > 0 {
		fill = width * done / total
	}
	line := fmt.Sprintf("[%s] %s%s %d/%d %s", label, strings.Repeat("#", fill), strings.Repeat(".", width-fill), done, total, detail)
	if !tty {
		fmt.Fprintln(progressOut, line)
		return
	}
	fmt.Fprint(progressOut, "\r\033[K"+line)
	progressOpen = true
}

func endProgress() {
	if progressOpen {
		fmt.Fprintln(progressOut)
		progressOpen = false
	}
}
