package concert

import (
	"errors"
	"io"
	"net"
	"time"

	"hanout/drivers/serialport"
	"hanout/pos"
)

// Open connects to the terminal cfg describes and returns it with the
// closer that releases its port. Zero fields of cfg take the defaults.
//
//   - Port tcp://HOST:PORT with Caisse-AP: raw Caisse-AP IP, one connection
//     per payment (nothing is opened now).
//   - Port tcp://HOST:PORT with Concert: a serial-to-network bridge, framed.
//   - Anything else: a serial device opened through drivers/serialport with
//     cfg's line settings; it reopens itself when the cable comes back.
//
// A port that does not exist fails with the key "terminal.unplugged".
func Open(cfg Config) (Terminal, io.Closer, error) {
	cfg = cfg.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, nil, err
	}
	if addr, ok := cfg.TCPAddress(); ok {
		if cfg.Protocol == CaisseAP {
			t, err := NewCaisseAPIP(cfg, TCPDialer(addr, time.Duration(cfg.Step)))
			return t, nopCloser{}, err
		}
		conn, err := net.DialTimeout("tcp", addr, time.Duration(cfg.Step))
		if err != nil {
			return nil, nil, pos.Wrap(err, "terminal.unplugged", cfg.Port)
		}
		t, err := NewSerial(cfg, conn)
		if err != nil {
			conn.Close()
			return nil, nil, err
		}
		return t, conn, nil
	}
	if len(cfg.Parity) != 1 {
		return nil, nil, pos.Errorf("terminal.setting_invalid", "parity")
	}
	p, err := serialport.Open(serialport.Config{
		Name:     cfg.Port,
		Baud:     cfg.Baud,
		DataBits: cfg.DataBits,
		Parity:   serialport.Parity(cfg.Parity[0]),
		StopBits: cfg.StopBits,
		// Short reads keep the reader responsive to Close; the protocol
		// timeouts are the exchange's own.
		ReadTimeout:  200 * time.Millisecond,
		WriteTimeout: time.Duration(cfg.Step),
	})
	if err != nil {
		if errors.Is(err, serialport.ErrNoSuchPort) {
			return nil, nil, pos.Wrap(err, "terminal.unplugged", cfg.Port)
		}
		return nil, nil, pos.Wrap(err, "terminal.open_failed", cfg.Port)
	}
	t, err := NewSerial(cfg, p)
	if err != nil {
		p.Close()
		return nil, nil, err
	}
	return t, p, nil
}

// unplugged reports errors that mean the device is not there.
func unplugged(err error) bool {
	return errors.Is(err, serialport.ErrDisconnected) || errors.Is(err, serialport.ErrNoSuchPort) ||
		errors.Is(err, serialport.ErrWriteStalled)
}

type nopCloser struct{}

func (nopCloser) Close() error { return nil }
