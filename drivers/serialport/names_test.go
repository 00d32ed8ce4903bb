package serialport

import (
	"errors"
	"reflect"
	"testing"
)

func TestWindowsPortNames(t *testing.T) {
	for _, c := range []struct {
		in   string
		com  bool
		norm string
	}{
		{"COM3", true, "COM3"},
		{"com3", true, "COM3"},
		{"COM3:", true, "COM3"},
		{" COM12 ", false, "COM12"}, // trimmed before opening
		{`\\.\COM10`, true, "COM10"},
		{"COM256", true, "COM256"},
		{"COM257", false, "COM257"},
		{"COM0", false, "COM0"},
		{"COM03", false, "COM03"},
		{"COM", false, "COM"},
		{"COMX", false, "COMX"},
		{"COM1A", false, "COM1A"},
		{"/dev/ttyUSB0", false, "/dev/ttyUSB0"},
		{"printer.local:9100", false, "printer.local:9100"},
		{"", false, ""},
	} {
		if got := IsCOM(c.in); got != c.com {
			t.Errorf("IsCOM(%q) = %v, want %v", c.in, got, c.com)
		}
		if got := Normalize(c.in); got != c.norm {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.norm)
		}
	}
}

func TestSortCOMCountsLikeAPerson(t *testing.T) {
	got := sortCOM([]string{"COM10", "COM3", "com1", "COM3", "COM2:", "LPT1", ""})
	want := []string{"COM1", "COM2", "COM3", "COM10"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("sortCOM = %q, want %q", got, want)
	}
}

// A Windows name typed with its colon is a serial port, never a host to
// dial: on this machine it is simply absent.
func TestDialCOMNameIsASerialPort(t *testing.T) {
	for _, name := range []string{"COM3:", "com7:"} {
		_, err := Dial(name)
		if !errors.Is(err, ErrNoSuchPort) {
			t.Errorf("Dial(%q): err = %v, want ErrNoSuchPort", name, err)
		}
	}
}
