// Package interrupt turns Ctrl-C and SIGTERM into a cancelled context, and
// a second one into an exit: work that honours its context stops cleanly
// on the first signal, and a process stuck where no context is checked (a
// blocking system call, a slow file system) can still be stopped without
// SIGKILL.
package interrupt

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// ExitCode is the status of a process ended by a second signal (128 +
// SIGINT, as shells report it).
const ExitCode = 130

// Context returns a context cancelled by the first SIGINT or SIGTERM; the
// second ends the process with ExitCode after a line on w (nil: stderr).
// stop releases the signals.
func Context(parent context.Context, w io.Writer) (context.Context, func()) {
	if w == nil {
		w = os.Stderr
	}
	ctx, cancel := context.WithCancel(parent)
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-sig:
			cancel()
		case <-done:
			return
		}
		select {
		case s := <-sig:
			fmt.Fprintf(w, "\n%v again: quitting now\n", s)
			os.Exit(ExitCode)
		case <-done:
		}
	}()
	stopped := false
	return ctx, func() {
		if !stopped {
			stopped = true
			signal.Stop(sig)
			close(done)
			cancel()
		}
	}
}
