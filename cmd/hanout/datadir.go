package main

import (
	"os"
	"path/filepath"
	"runtime"
)

// userDataDir is the data folder the operating system's conventions give
// the till, from its environment:
//
//   - Windows: %AppData%\Hanout (the roaming application data);
//   - macOS: ~/Library/Application Support/Hanout;
//   - Linux and the other Unixes: $XDG_DATA_HOME/hanout, else
//     ~/.local/share/hanout (the XDG base directory specification).
//
// home is the user's home folder ("" if unknown). With nothing to go on it
// answers a relative "hanout-data", next to where the till was started.
func userDataDir(goos string, getenv func(string) string, home string) string {
	switch goos {
	case "windows":
		if d := getenv("APPDATA"); d != "" {
			return d + `\Hanout`
		}
		if home != "" {
			return home + `\AppData\Roaming\Hanout`
		}
	case "darwin":
		if home != "" {
			return filepath.Join(home, "Library", "Application Support", "Hanout")
		}
	default:
		if d := getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
			return filepath.Join(d, "hanout")
		}
		if home != "" {
			return filepath.Join(home, ".local", "share", "hanout")
		}
	}
	return "hanout-data"
}

// defaultDataDir is where the till keeps its store when --data is not
// given: the folder userDataDir names for this computer.
func defaultDataDir() string {
	home, _ := os.UserHomeDir()
	return userDataDir(runtime.GOOS, os.Getenv, home)
}
