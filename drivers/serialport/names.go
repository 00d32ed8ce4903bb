package serialport

import (
	"sort"
	"strings"
)

// IsCOM reports whether name is a Windows serial port name: COM1 to
// COM256, in any case, with or without a trailing colon ("COM3:") or the
// device namespace prefix ("\\.\COM10"). Such a name is a serial port
// everywhere a port is accepted, never a host:port.
func IsCOM(name string) bool {
	_, ok := comNumber(name)
	return ok
}

// comNumber returns n for a COMn name (see IsCOM).
func comNumber(name string) (int, bool) {
	s := strings.TrimPrefix(name, `\\.\`)
	s = strings.TrimSuffix(s, ":")
	if len(s) < 4 || len(s) > 6 || !strings.EqualFold(s[:3], "COM") {
		return 0, false
	}
	n := 0
	for i, c := range s[3:] {
		if c < '0' || c > '9' || (i == 0 && c == '0') {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, n >= 1 && n <= 256
}

// Normalize writes a port name the way the system opens it: a Windows
// name in capitals without its colon ("com3:" becomes "COM3"; the serial
// library adds the \\.\ prefix COM10 and above need). Other names, such
// as /dev/ttyUSB0, are returned unchanged, surrounding spaces trimmed.
func Normalize(name string) string {
	name = strings.TrimSpace(name)
	if n, ok := comNumber(name); ok {
		return "COM" + itoa(n)
	}
	return name
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [8]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// sortCOM orders Windows port names as a person counts them (COM2 before
// COM10), normalized and each once; names that are not COMn are dropped.
func sortCOM(names []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		if !IsCOM(n) {
			continue
		}
		n = Normalize(n)
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Slice(out, func(i, j int) bool { return natLess(out[i], out[j]) })
	return out
}

// natLess orders ttyUSB2 before ttyUSB10.
func natLess(a, b string) bool {
	ta, na := splitNum(a)
	tb, nb := splitNum(b)
	if ta != tb {
		return ta < tb
	}
	return na < nb
}

func splitNum(s string) (string, int) {
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	n := 0
	for _, c := range s[i:] {
		n = n*10 + int(c-'0')
		if n > 1e6 {
			break
		}
	}
	return s[:i], n
}
