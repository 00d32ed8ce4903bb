package concert

import (
	"errors"
	"fmt"
	"io"
)

// Control bytes of the serial exchange.
const (
	STX byte = 0x02
	ETX byte = 0x03
	EOT byte = 0x04
	ENQ byte = 0x05
	ACK byte = 0x06
	NAK byte = 0x15
)

// maxTLV bounds a Caisse-AP message so a babbling line cannot grow memory.
const maxTLV = 4096

// LRC is the XOR of b. For a frame it covers the data and the ETX.
func LRC(b []byte) byte {
	var x byte
	for _, c := range b {
		x ^= c
	}
	return x
}

// Frame returns STX data ETX LRC.
func Frame(data []byte) []byte {
	f := make([]byte, 0, len(data)+3)
	f = append(f, STX)
	f = append(f, data...)
	f = append(f, ETX)
	return append(f, LRC(f[1:]))
}

// nextByte yields the next byte of the line or an error (timeout, cancel,
// link lost). Frame readers pull through it so the same code parses a live
// line and a fuzzer's bytes.
type nextByte func() (byte, error)

// readFixedBody reads the rest of a frame whose STX was already consumed:
// data of exactly one of lens bytes (ascending), ETX, LRC. The end is found
// by position only: after the shortest length the next byte is ETX or the
// frame goes on to the next length. Bytes inside the data and the LRC are
// never taken for control bytes, whatever their value.
func readFixedBody(next nextByte, lens ...int) ([]byte, error) {
	if len(lens) == 0 {
		return nil, fmt.Errorf("%w: no length", ErrBadFrame)
	}
	data := make([]byte, 0, lens[len(lens)-1])
	for li, n := range lens {
		for len(data) < n {
			c, err := next()
			if err != nil {
				return nil, err
			}
			data = append(data, c)
		}
		c, err := next()
		if err != nil {
			return nil, err
		}
		if c == ETX {
			return checkLRC(next, data)
		}
		if li == len(lens)-1 {
			return nil, fmt.Errorf("%w: no ETX after %d bytes", ErrBadFrame, n)
		}
		data = append(data, c)
	}
	return nil, fmt.Errorf("%w: no ETX", ErrBadFrame) // unreachable
}

// readTLVBody reads the rest of a Caisse-AP frame whose STX was consumed:
// fields TT LLL value, then ETX, then LRC. The end is found by structure:
// ETX can only stand where a tag would start; values are read by length.
func readTLVBody(next nextByte) ([]byte, error) {
	var data []byte
	for {
		c, err := next()
		if err != nil {
			return nil, err
		}
		if c == ETX && len(data) > 0 {
			return checkLRC(next, data)
		}
		data = append(data, c)
		if data, err = readTLVField(next, data); err != nil {
			return nil, err
		}
	}
}

// readTLVField reads one field whose first tag byte is the last of data.
func readTLVField(next nextByte, data []byte) ([]byte, error) {
	for i := 0; i < 4; i++ { // second tag byte, 3 length digits
		c, err := next()
		if err != nil {
			return nil, err
		}
		data = append(data, c)
	}
	h := data[len(data)-5:]
	if !isTagByte(h[0]) || !isTagByte(h[1]) || !isDigit(h[2]) || !isDigit(h[3]) || !isDigit(h[4]) {
		return nil, fmt.Errorf("%w: bad field header", ErrBadFrame)
	}
	n := int(h[2]-'0')*100 + int(h[3]-'0')*10 + int(h[4]-'0')
	if len(data)+n > maxTLV {
		return nil, fmt.Errorf("%w: message too long", ErrBadFrame)
	}
	for i := 0; i < n; i++ {
		c, err := next()
		if err != nil {
			return nil, err
		}
		data = append(data, c)
	}
	return data, nil
}

func isTagByte(c byte) bool { return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' }

func checkLRC(next nextByte, data []byte) ([]byte, error) {
	got, err := next()
	if err != nil {
		return nil, err
	}
	if want := LRC(data) ^ ETX; got != want {
		return nil, fmt.Errorf("%w: got %#02x, want %#02x", ErrBadLRC, got, want)
	}
	return data, nil
}

// ReadFrame reads one frame from r: STX, data, ETX, LRC. With lens the data
// has one of those fixed lengths (Concert V2); without, it is Caisse-AP
// tag-length-value. Bytes before the STX are an error: the exchange, not
// the parser, decides what to skip.
func ReadFrame(r io.Reader, lens ...int) ([]byte, error) {
	var one [1]byte
	next := func() (byte, error) {
		if _, err := io.ReadFull(r, one[:]); err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return 0, err
		}
		return one[0], nil
	}
	c, err := next()
	if err != nil {
		return nil, err
	}
	if c != STX {
		return nil, fmt.Errorf("%w: starts with %#02x, not STX", ErrBadFrame, c)
	}
	if len(lens) > 0 {
		return readFixedBody(next, lens...)
	}
	return readTLVBody(next)
}
