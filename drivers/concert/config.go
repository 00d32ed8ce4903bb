package concert

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"hanout/pos"
)

// Protocol names how the till talks to one terminal. It is a per-terminal
// setting: a terminal sold outside France may have Concert disabled.
type Protocol string

const (
	ConcertE     Protocol = "concert-e"  // Concert V2 message E (26 chars)
	ConcertEPlus Protocol = "concert-e+" // Concert V2 message E+ (34 chars)
	CaisseAP     Protocol = "caisse-ap"  // Caisse-AP V3 tag-length-value
)

// Protocols lists the supported protocols, for settings screens and flags.
var Protocols = []Protocol{ConcertE, ConcertEPlus, CaisseAP}

// ParseProtocol accepts a protocol name as typed in a setting or a flag.
func ParseProtocol(s string) (Protocol, error) {
	for _, p := range Protocols {
		if strings.EqualFold(strings.TrimSpace(s), string(p)) {
			return p, nil
		}
	}
	return "", pos.Errorf("terminal.protocol_unknown", s)
}

// Duration is a time.Duration written as "3s" or "2m0s" in JSON settings.
type Duration time.Duration

func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var n int64
		if err2 := json.Unmarshal(b, &n); err2 != nil {
			return fmt.Errorf("concert: duration %s: %w", b, err)
		}
		*d = Duration(n)
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("concert: duration: %w", err)
	}
	*d = Duration(v)
	return nil
}

// Config is the setting of one terminal. Zero fields take the defaults of
// Defaults, which are the timings of the open implementations.
type Config struct {
	Protocol Protocol `json:"protocol"`
	// Port is a serial device such as /dev/ttyACM0, or tcp://HOST:PORT.
	// Caisse-AP over tcp:// is raw text (Caisse-AP IP); Concert over
	// tcp:// keeps the serial framing (a serial-to-network bridge).
	Port     string `json:"port"`
	Baud     int    `json:"baud"`
	DataBits int    `json:"data_bits"`
	Parity   string `json:"parity"` // "N", "E" or "O"
	StopBits int    `json:"stop_bits"`
	// Till is the two-digit register number the terminal knows us by.
	Till string `json:"till"`
	// ShortAnswer asks for the 25-char Concert answer, which carries no
	// card number; the default is the full 80-char answer.
	ShortAnswer bool `json:"short_answer,omitempty"`
	// ProtocolID is the Caisse-AP CJ field (12 chars).
	ProtocolID string `json:"protocol_id,omitempty"`

	// Step bounds each step of the exchange (a byte awaited, a frame).
	Step Duration `json:"step_timeout"`
	// CustomerWait bounds the wait for the customer at the terminal.
	CustomerWait Duration `json:"customer_wait"`
	// EnqRetries is how many times the opening ENQ is sent, EnqDelay apart.
	EnqRetries int      `json:"enq_retries"`
	EnqDelay   Duration `json:"enq_delay"`
	// FrameRetries bounds the resends of a frame after a NAK, both ways.
	FrameRetries int `json:"frame_retries"`
	// IdleEnd ends a raw TCP answer: no byte for that long after a
	// complete field means the message is over.
	IdleEnd Duration `json:"idle_end"`
}

// Defaults is a Concert E+ terminal on the first USB modem port.
func Defaults() Config {
	return Config{
		Protocol:     ConcertEPlus,
		Port:         "/dev/ttyACM0",
		Baud:         9600,
		DataBits:     8,
		Parity:       "N",
		StopBits:     1,
		Till:         "01",
		ProtocolID:   "012345678901",
		Step:         Duration(3 * time.Second),
		CustomerWait: Duration(120 * time.Second),
		EnqRetries:   3,
		EnqDelay:     Duration(time.Second),
		FrameRetries: 3,
		IdleEnd:      Duration(500 * time.Millisecond),
	}
}

// setPositive replaces a zero or negative count or duration by def.
func setPositive[T ~int | ~int64](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}

// WithDefaults returns c with every zero field set from Defaults.
func (c Config) WithDefaults() Config {
	d := Defaults()
	set := func(v *string, def string) {
		if *v == "" {
			*v = def
		}
	}
	set((*string)(&c.Protocol), string(d.Protocol))
	set(&c.Port, d.Port)
	set(&c.Parity, d.Parity)
	set(&c.Till, d.Till)
	set(&c.ProtocolID, d.ProtocolID)
	setPositive(&c.Baud, d.Baud)
	setPositive(&c.DataBits, d.DataBits)
	setPositive(&c.StopBits, d.StopBits)
	setPositive(&c.EnqRetries, d.EnqRetries)
	setPositive(&c.FrameRetries, d.FrameRetries)
	setPositive(&c.Step, d.Step)
	setPositive(&c.CustomerWait, d.CustomerWait)
	setPositive(&c.EnqDelay, d.EnqDelay)
	setPositive(&c.IdleEnd, d.IdleEnd)
	return c
}

// Validate reports a setting a terminal cannot work with, as a translated
// error.
func (c Config) Validate() error {
	if _, err := ParseProtocol(string(c.Protocol)); err != nil {
		return err
	}
	if !isDigits(c.Till, 2) {
		return pos.Errorf("terminal.till_invalid", c.Till)
	}
	if len(c.ProtocolID) != 12 {
		return pos.Errorf("terminal.setting_invalid", "protocol_id")
	}
	return nil
}

// TCPAddress returns HOST:PORT when Port is tcp://HOST:PORT.
func (c Config) TCPAddress() (string, bool) {
	return strings.CutPrefix(c.Port, "tcp://")
}

func isDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
