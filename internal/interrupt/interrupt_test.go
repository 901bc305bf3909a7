package interrupt

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The child: a process whose work ignores its context (as one blocked in
// a system call does). It says when the first signal has cancelled the
// context, then waits for ever.
func TestMain(m *testing.M) {
	if os.Getenv("INTERRUPT_TEST_CHILD") == "1" {
		ctx, stop := Context(context.Background(), os.Stdout)
		defer stop()
		fmt.Println("ready")
		<-ctx.Done()
		fmt.Println("cancelled")
		select {}
	}
	os.Exit(m.Run())
}

// The first SIGINT cancels the context, the second ends the process with
// ExitCode, saying so.
func TestSecondSignalExits(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "INTERRUPT_TEST_CHILD=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The deadline only keeps a broken handler from hanging the test.
	timer := time.AfterFunc(2*time.Minute, func() { cmd.Process.Kill() })
	defer timer.Stop()
	var buf strings.Builder
	b := make([]byte, 256)
	waitFor := func(s string) {
		for !strings.Contains(buf.String(), s) {
			n, err := out.Read(b)
			buf.Write(b[:n])
			if err != nil {
				t.Fatalf("child output %q, waiting for %q: %v", buf.String(), s, err)
			}
		}
	}
	waitFor("ready")
	cmd.Process.Signal(syscall.SIGINT)
	waitFor("cancelled")
	cmd.Process.Signal(syscall.SIGINT)
	waitFor("quitting now")
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != ExitCode {
		t.Errorf("child ended with %v, want exit status %d", err, ExitCode)
	}
}
