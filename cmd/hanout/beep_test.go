//go:build !windows

package main

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
)

func TestToneIsAWAVFile(t *testing.T) {
	wav := tone(880, 150, 16000)
	samples := 16000 * 150 / 1000
	if len(wav) != 44+2*samples {
		t.Fatalf("%d bytes, want a 44-byte header and %d samples", len(wav), samples)
	}
	if string(wav[0:4]) != "RIFF" || string(wav[8:16]) != "WAVEfmt " || string(wav[36:40]) != "data" {
		t.Fatalf("header %q", wav[:44])
	}
	le := binary.LittleEndian
	if le.Uint32(wav[4:]) != uint32(len(wav)-8) || le.Uint32(wav[40:]) != uint32(2*samples) ||
		le.Uint16(wav[20:]) != 1 || le.Uint16(wav[22:]) != 1 || le.Uint32(wav[24:]) != 16000 || le.Uint16(wav[34:]) != 16 {
		t.Fatalf("header fields %v", wav[:44])
	}
	// Faded in: the first sample is silent, the loudest is below full scale.
	if int16(le.Uint16(wav[44:])) != 0 {
		t.Fatalf("first sample %d, want 0 (fade in)", int16(le.Uint16(wav[44:])))
	}
	peak := 0
	for i := 44; i < len(wav); i += 2 {
		v := int(int16(le.Uint16(wav[i:])))
		if v < 0 {
			v = -v
		}
		peak = max(peak, v)
	}
	if peak < 10000 || peak > 14000 {
		t.Fatalf("peak %d, want about 0.4 of full scale", peak)
	}
}

// The beeper hands the tone to the first player on PATH, on its standard
// input; with none, there is no beeper and the screens ring the bell.
func TestBeeperPlaysThroughTheSystemPlayer(t *testing.T) {
	bin := t.TempDir()
	got := filepath.Join(t.TempDir(), "played.wav")
	script := "#!/bin/sh\nexec /bin/cat > " + got + "\n"
	if err := os.WriteFile(filepath.Join(bin, "paplay"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	b := newBeeper()
	if b == nil {
		t.Fatal("no beeper with paplay on PATH")
	}
	b.beep()
	b.wait()
	played, err := os.ReadFile(got)
	if err != nil {
		t.Fatalf("the player was not run: %v", err)
	}
	if !bytes.Equal(played, tone(880, 150, 16000)) {
		t.Fatalf("the player got %d bytes, not the tone", len(played))
	}

	t.Setenv("PATH", t.TempDir())
	if newBeeper() != nil {
		t.Fatal("a beeper with no player on PATH")
	}
}
