package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"

	"hanout/pos/ui/devices"
)

// Kiosk mode (hanout --kiosk, or the "Start in kiosk mode" setting): the
// till fills the screen, asks a manager's PIN before it may be closed,
// keeps the screen awake, and is restarted if it stops any other way.
//
// The first process is a supervisor without a window: it starts the till
// as a child process (same program, same arguments, kioskChildEnv set) and
// starts it again whenever it ends with anything but success, which only a
// manager leaving the kiosk produces. A crash, a kill or a failed start of
// the screens thus comes back to the till, after 1 s, then 2 s, 4 s… up to
// 30 s while it keeps failing at once.

// kioskChildEnv marks the till a kiosk supervisor started.
const kioskChildEnv = "HANOUT_KIOSK_CHILD"

// kioskMode is true in the till process that runs in kiosk mode.
var kioskMode bool

// kioskStart decides how a till started with args (the flags of runTill)
// runs. A supervised child runs the screens in kiosk mode; a first process
// asked for kiosk mode (by --kiosk or by the setting stored in dir) becomes
// the supervisor and returns its exit code with true.
func kioskStart(flagSet bool, dir string, args []string) (int, bool) {
	if os.Getenv(kioskChildEnv) == "1" {
		kioskMode = true
		return 0, false
	}
	if !flagSet && !kioskSetting(dir) {
		return 0, false
	}
	exe, err := os.Executable()
	if err != nil {
		return fail("hanout", fmt.Errorf("kiosk: cannot find this program to restart it: %w", err)), true
	}
	if !flagSet {
		args = append([]string{"--kiosk"}, args...)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	s := supervisor{
		start: func(ctx context.Context) (int, error) { return runChild(ctx, exe, args, os.Stdout, os.Stderr) },
		wait:  sleepCtx,
		now:   time.Now,
		log:   os.Stderr,
	}
	return s.run(ctx), true
}

// kioskSetting reads the kiosk setting of the store in dir, if there is
// one; a store that cannot be read now (held by a running till, damaged)
// counts as off: the till itself then shows why.
func kioskSetting(dir string) bool {
	st, err := openStore(dir, false)
	if err != nil {
		return false
	}
	defer st.Close()
	k, err := devices.Kiosk(st)
	return err == nil && k.On
}

// supervisor restarts the till until it ends with success.
type supervisor struct {
	// start runs the till once and returns its exit code (-1 when a
	// signal ended it); an error means it could not be started at all.
	start func(ctx context.Context) (int, error)
	// wait waits d before a restart; false if ctx ended meanwhile.
	wait func(ctx context.Context, d time.Duration) bool
	now  func() time.Time
	log  io.Writer
}

const (
	restartFirst  = time.Second
	restartMax    = 30 * time.Second
	restartStable = time.Minute // a till that ran this long starts over at restartFirst
)

func (s supervisor) run(ctx context.Context) int {
	delay := restartFirst
	for {
		began := s.now()
		code, err := s.start(ctx)
		if err != nil {
			fmt.Fprintf(s.log, "hanout kiosk: cannot start the till: %v\n", err)
			return exitFail
		}
		if code == exitOK {
			return exitOK // a manager left the kiosk
		}
		if ctx.Err() != nil {
			return exitFail // the supervisor itself was stopped
		}
		if s.now().Sub(began) >= restartStable {
			delay = restartFirst
		}
		fmt.Fprintf(s.log, "hanout kiosk: the till stopped (exit code %d); restarting in %v\n", code, delay)
		if !s.wait(ctx, delay) {
			return code
		}
		delay = min(delay*2, restartMax)
	}
}

// runChild runs the till once as a child process.
func runChild(ctx context.Context, exe string, args []string, out, errOut io.Writer) (int, error) {
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Env = append(os.Environ(), kioskChildEnv+"=1")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, out, errOut
	// Stopping the supervisor (systemd, Ctrl-C) stops the till politely,
	// then for good.
	cmd.Cancel = func() error {
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			return cmd.Process.Kill()
		}
		return nil
	}
	cmd.WaitDelay = 10 * time.Second
	err := cmd.Run()
	if ctx.Err() != nil {
		return -1, nil // stopped by the supervisor: not a failure to start
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), nil
	}
	if err != nil {
		return 0, err
	}
	return exitOK, nil
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
