package main

import (
	"errors"
	"testing"

	"hanout/drivers/serialport"
)

// A Windows port typed with its colon (as Device Manager writes it in some
// versions) is opened as a serial port, not dialled as host "COM3" port "".
func TestPrinterPortCOMNameIsSerial(t *testing.T) {
	for _, port := range []string{"COM3:", "com4"} {
		o := linkOptions{port: port, baud: 9600}
		l, err := o.connect()
		if err == nil {
			l.Close()
			t.Fatalf("connect(%q) succeeded on a machine without that port", port)
		}
		if !errors.Is(err, serialport.ErrNoSuchPort) {
			t.Errorf("connect(%q): err = %v, want one wrapping ErrNoSuchPort", port, err)
		}
	}
}
