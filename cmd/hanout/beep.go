package main

import (
	"bytes"
	"encoding/binary"
	"math"
	"os/exec"
	"sync"
	"sync/atomic"

	"hanout/pos/store"
	"hanout/pos/ui"
)

// The scan banner's beep: Fyne plays no sound, and the seller often looks
// at the customer, not the screen, when a scan is refused. A short tone is
// handed to the system's sound player (PulseAudio/PipeWire's paplay, or
// ALSA's aplay) on its standard input; Windows has MessageBeep. Where
// there is neither, the screens fall back to the terminal bell.
func init() {
	registerTillPlugin(tillPlugin{hooks: func(h *ui.Hooks, _ *store.Store, _ string) error {
		if b := newBeeper(); b != nil {
			h.Beep = b.beep
		}
		return nil
	}})
}

// beeper plays one tone at a time: a burst of refused scans must not
// start a queue of players.
type beeper struct {
	play    func() error // starts the player; it must not block
	playing atomic.Bool
	wg      sync.WaitGroup
}

func (b *beeper) beep() {
	if !b.playing.CompareAndSwap(false, true) {
		return
	}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		defer b.playing.Store(false)
		_ = b.play() // no sound is no reason to disturb the sale
	}()
}

// wait returns once the tone being played has ended (tests).
func (b *beeper) wait() { b.wg.Wait() }

// pipePlayer finds the first sound player on PATH that reads a WAV file
// on its standard input.
func pipePlayer() func() error {
	for _, p := range [][]string{{"paplay"}, {"aplay", "-q", "-"}} {
		path, err := exec.LookPath(p[0])
		if err != nil {
			continue
		}
		args := p[1:]
		wav := tone(880, 150, 16000)
		return func() error {
			cmd := exec.Command(path, args...)
			cmd.Stdin = bytes.NewReader(wav)
			return cmd.Run()
		}
	}
	return nil
}

// tone is a WAV file (16-bit mono PCM) of a sine at hz for ms
// milliseconds, faded in and out over 10 ms so it does not click.
func tone(hz, ms, rate int) []byte {
	n := rate * ms / 1000
	fade := rate / 100
	data := make([]byte, 2*n)
	for i := 0; i < n; i++ {
		gain := 0.4
		if i < fade {
			gain *= float64(i) / float64(fade)
		} else if n-i < fade {
			gain *= float64(n-i) / float64(fade)
		}
		v := int16(gain * 32767 * math.Sin(2*math.Pi*float64(hz)*float64(i)/float64(rate)))
		binary.LittleEndian.PutUint16(data[2*i:], uint16(v))
	}
	var w bytes.Buffer
	w.WriteString("RIFF")
	binary.Write(&w, binary.LittleEndian, uint32(36+len(data)))
	w.WriteString("WAVEfmt ")
	// fmt chunk: size 16, PCM, mono, rate, bytes a second, block, bits.
	binary.Write(&w, binary.LittleEndian, struct {
		Size                  uint32
		Format, Channels      uint16
		Rate, ByteRate        uint32
		BlockAlign, BitsPerSa uint16
	}{16, 1, 1, uint32(rate), uint32(2 * rate), 2, 16})
	w.WriteString("data")
	binary.Write(&w, binary.LittleEndian, uint32(len(data)))
	w.Write(data)
	return w.Bytes()
}
