package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// hanout.exe is a windowed (GUI subsystem) program, so Windows gives it no
// console: typed in cmd or PowerShell, a subcommand would print nothing.
// When started with a subcommand (or --version, --help) and without
// redirected output, it attaches to the console of the terminal that
// started it and writes there. A terminal does not wait for a windowed
// program: a script that needs the exit code runs
// "start /wait hanout.exe …" (cmd) or "Start-Process -Wait" (PowerShell).
func init() {
	args := os.Args[1:]
	if len(args) == 0 || (args[0] != "--version" && args[0] != "-version" && args[0] != "--help" && args[0] != "-h" && args[0] != "-help" && args[0][0] == '-') {
		return // the till's screens
	}
	attachParentConsole()
}

func attachParentConsole() {
	const attachParentProcess = ^uint32(0) // ATTACH_PARENT_PROCESS (DWORD)-1
	stdoutOK := handleValid(windows.STD_OUTPUT_HANDLE)
	stderrOK := handleValid(windows.STD_ERROR_HANDLE)
	if stdoutOK && stderrOK {
		return // output redirected to a file or a pipe: keep it
	}
	if r, _, _ := procAttachConsole.Call(uintptr(attachParentProcess)); r == 0 {
		return // started from Explorer: no console to write to
	}
	if !stdoutOK {
		if f, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
			os.Stdout = f
			stdout = f
		}
	}
	if !stderrOK {
		if f, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
			os.Stderr = f
		}
	}
	if !handleValid(windows.STD_INPUT_HANDLE) {
		if f, err := os.OpenFile("CONIN$", os.O_RDONLY, 0); err == nil {
			os.Stdin = f
		}
	}
}

var procAttachConsole = windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")

func handleValid(which uint32) bool {
	h, err := windows.GetStdHandle(which)
	return err == nil && h != 0 && h != windows.InvalidHandle
}
