//go:build windows

package serialport

import (
	"golang.org/x/sys/windows/registry"
)

// List returns the serial ports Windows knows, COM1 before COM10: the
// values of HKLM\HARDWARE\DEVICEMAP\SERIALCOMM, which the serial and
// USB-serial drivers fill as ports appear and empty as they go (Device
// Manager shows the same names under "Ports (COM & LPT)").
func List() []string {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, `HARDWARE\DEVICEMAP\SERIALCOMM`, registry.QUERY_VALUE)
	if err != nil {
		return nil // no serial port was ever present: the key is absent
	}
	defer k.Close()
	names, err := k.ReadValueNames(0)
	if err != nil {
		return nil
	}
	var ports []string
	for _, n := range names {
		if v, _, err := k.GetStringValue(n); err == nil {
			ports = append(ports, v)
		}
	}
	return sortCOM(ports)
}

// exists reports whether a port is still known to Windows: a USB-serial
// adapter pulled out leaves SERIALCOMM. Names that are not COMn (a device
// path given by hand) are taken as present.
func exists(name string) bool {
	if !IsCOM(name) {
		return true
	}
	name = Normalize(name)
	for _, p := range List() {
		if p == name {
			return true
		}
	}
	return false
}
