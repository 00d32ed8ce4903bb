package pty

import (
	"bytes"
	"io"
	"os"
	"testing"
	"time"
)

func TestBytesCrossUnchanged(t *testing.T) {
	p, err := Open()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	s, err := os.OpenFile(p.SlavePath, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Every byte value, control bytes included, must arrive as sent in
	// both directions: frames carry LRCs anywhere in 0x00-0xFF.
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	if _, err := s.Write(all); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, 256)
	p.Master.SetReadDeadline(time.Now().Add(2 * time.Second))
	if _, err := io.ReadFull(p.Master, got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, all) {
		t.Fatalf("slave->master altered bytes")
	}
	if _, err := p.Master.Write(all); err != nil {
		t.Fatal(err)
	}
	s.SetReadDeadline(time.Now().Add(2 * time.Second))
	if _, err := io.ReadFull(s, got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, all) {
		t.Fatalf("master->slave altered bytes")
	}
}

func TestLink(t *testing.T) {
	p, err := Open()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	link := t.TempDir() + "/printer"
	if err := p.Link(link); err != nil {
		t.Fatal(err)
	}
	if err := p.Link(link); err != nil {
		t.Fatalf("relink: %v", err)
	}
	target, _ := os.Readlink(link)
	if target != p.SlavePath {
		t.Fatalf("link -> %s, want %s", target, p.SlavePath)
	}
}

// A simulator blocked reading the master must be woken by a deadline, so it
// can stop cleanly.
func TestMasterReadHonoursDeadline(t *testing.T) {
	p, err := Open()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	p.Master.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	done := make(chan error, 1)
	go func() {
		_, err := p.Master.Read(make([]byte, 1))
		done <- err
	}()
	select {
	case err := <-done:
		if !os.IsTimeout(err) {
			t.Fatalf("read ended with %v, want a timeout", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("deadline did not interrupt the read")
	}
}
