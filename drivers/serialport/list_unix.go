//go:build !windows

package serialport

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// List returns candidate serial ports on Linux, stable names first: the
// /dev/serial/by-id links (which survive replugging), then ttyUSB*, ttyACM*,
// and the ttyS* ports that have a UART behind them. A by-id link and the
// ttyUSB it points to are listed once, under the by-id name.
func List() []string { return list("/") }

func list(root string) []string {
	var out []string
	seen := map[string]bool{}
	byID, _ := filepath.Glob(filepath.Join(root, "dev/serial/by-id/*"))
	sort.Strings(byID)
	for _, l := range byID {
		out = append(out, l)
		if t, err := filepath.EvalSymlinks(l); err == nil {
			seen[t] = true
		}
	}
	for _, pat := range []string{"dev/ttyUSB*", "dev/ttyACM*", "dev/ttyS*"} {
		m, _ := filepath.Glob(filepath.Join(root, pat))
		sort.Slice(m, func(i, j int) bool { return natLess(m[i], m[j]) })
		for _, d := range m {
			if seen[d] {
				continue
			}
			if strings.Contains(pat, "ttyS") && !hasUART(root, filepath.Base(d)) {
				continue
			}
			out = append(out, d)
		}
	}
	return out
}

// hasUART filters the ttyS nodes the kernel always creates down to the ones
// bound to a real UART driver (the serial8250 placeholders are skipped).
func hasUART(root, name string) bool {
	t, err := os.Readlink(filepath.Join(root, "sys/class/tty", name, "device/driver"))
	return err == nil && filepath.Base(t) != "serial8250"
}

// exists reports whether the device node is still there: a read that
// returned nothing is a timeout on a present port, a hang-up on a gone one.
func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
