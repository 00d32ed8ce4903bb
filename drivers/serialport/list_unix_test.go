//go:build !windows

package serialport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestListOrdersStableNamesFirst(t *testing.T) {
	root := t.TempDir()
	mk := func(p string) {
		full := filepath.Join(root, p)
		os.MkdirAll(filepath.Dir(full), 0o755)
		os.WriteFile(full, nil, 0o644)
	}
	for _, d := range []string{"dev/ttyUSB0", "dev/ttyUSB10", "dev/ttyUSB2", "dev/ttyACM0", "dev/ttyS0", "dev/ttyS1", "dev/tty0"} {
		mk(d)
	}
	os.MkdirAll(filepath.Join(root, "dev/serial/by-id"), 0o755)
	os.Symlink(filepath.Join(root, "dev/ttyUSB0"), filepath.Join(root, "dev/serial/by-id/usb-Prolific_PL2303-if00"))
	os.MkdirAll(filepath.Join(root, "sys/class/tty/ttyS0/device"), 0o755)
	os.Symlink("../../../bus/pnp/drivers/serial", filepath.Join(root, "sys/class/tty/ttyS0/device/driver"))
	os.MkdirAll(filepath.Join(root, "sys/class/tty/ttyS1/device"), 0o755)
	os.Symlink("../../../bus/platform/drivers/serial8250", filepath.Join(root, "sys/class/tty/ttyS1/device/driver"))

	got := list(root)
	for i := range got {
		got[i] = strings.TrimPrefix(got[i], root+"/")
	}
	want := []string{"dev/serial/by-id/usb-Prolific_PL2303-if00", "dev/ttyUSB2", "dev/ttyUSB10", "dev/ttyACM0", "dev/ttyS0"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("list = %v\nwant  %v", got, want)
	}
}
