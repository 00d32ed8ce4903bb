// Package faultproxy is a TCP proxy for tests that stands between a till
// and the platform and misbehaves on purpose: it cuts connections in the
// middle of a request or of a response, delays data, and answers 503
// instead of the platform. It also counts the bytes that cross it.
package faultproxy

import (
	"io"
	"math/rand/v2"
	"net"
	gosync "sync"
	"sync/atomic"
	"time"
)

// Faults are probabilities (0..1), rolled per chunk of data.
type Faults struct {
	CutRequest  float64       // cut while forwarding a chunk towards the platform
	CutResponse float64       // cut while forwarding a chunk back to the till
	Error503    float64       // per new connection: answer 503 without asking the platform
	Delay       float64       // hold a chunk for up to MaxDelay
	MaxDelay    time.Duration // default 20 ms
}

// Proxy forwards 127.0.0.1 connections to a target.
type Proxy struct {
	ln     net.Listener
	target atomic.Value // string
	faults atomic.Value // Faults

	mu  gosync.Mutex
	rng *rand.Rand

	Up, Down atomic.Int64 // bytes towards the platform, back to the till
	// Chunks counts chunks forwarded towards the platform.
	Chunks  atomic.Int64
	onChunk atomic.Value // func(int64)

	conns gosync.WaitGroup
	open  gosync.Map // net.Conn -> struct{}
}

// New listens on 127.0.0.1 and forwards to target (host:port).
func New(target string, seed uint64) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{ln: ln, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	p.target.Store(target)
	p.faults.Store(Faults{})
	go p.accept()
	return p, nil
}

// Addr is the proxy's host:port.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// SetTarget points new connections at another platform address.
func (p *Proxy) SetTarget(t string) { p.target.Store(t) }

// OnChunk sets a function called with the new count after each chunk
// forwarded towards the platform (tests kill processes from it); nil
// removes it.
func (p *Proxy) OnChunk(f func(n int64)) { p.onChunk.Store(f) }

// SetFaults changes the fault rates for data from now on.
func (p *Proxy) SetFaults(f Faults) { p.faults.Store(f) }

// CutAll closes every open connection (the network drops).
func (p *Proxy) CutAll() {
	p.open.Range(func(k, _ any) bool { k.(net.Conn).Close(); return true })
}

// Close stops the proxy and its connections.
func (p *Proxy) Close() error {
	err := p.ln.Close()
	p.CutAll()
	p.conns.Wait()
	return err
}

func (p *Proxy) roll(prob float64) bool {
	if prob <= 0 {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.rng.Float64() < prob
}

func (p *Proxy) intn(n int) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.rng.IntN(n)
}

func (p *Proxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.conns.Add(1)
		go func() {
			defer p.conns.Done()
			p.serve(c)
		}()
	}
}

func (p *Proxy) serve(client net.Conn) {
	p.open.Store(client, struct{}{})
	defer p.open.Delete(client)
	defer client.Close()
	f := p.faults.Load().(Faults)
	if p.roll(f.Error503) {
		buf := make([]byte, 4096)
		client.SetReadDeadline(time.Now().Add(5 * time.Second))
		client.Read(buf)
		io.WriteString(client, "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 12\r\nConnection: close\r\n\r\nfault proxy\n")
		return
	}
	server, err := net.Dial("tcp", p.target.Load().(string))
	if err != nil {
		return
	}
	p.open.Store(server, struct{}{})
	defer p.open.Delete(server)
	defer server.Close()
	done := make(chan struct{}, 2)
	go func() { p.pipe(server, client, true); done <- struct{}{} }()
	go func() { p.pipe(client, server, false); done <- struct{}{} }()
	<-done
	client.Close()
	server.Close()
	<-done
}

// pipe copies src to dst chunk by chunk, rolling the faults for each.
func (p *Proxy) pipe(dst, src net.Conn, up bool) {
	buf := make([]byte, 16<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			f := p.faults.Load().(Faults)
			if p.roll(f.Delay) {
				d := f.MaxDelay
				if d <= 0 {
					d = 20 * time.Millisecond
				}
				time.Sleep(time.Duration(p.intn(int(d))))
			}
			cut := (up && p.roll(f.CutRequest)) || (!up && p.roll(f.CutResponse))
			m := n
			if cut {
				m = p.intn(n)
			}
			w, _ := dst.Write(buf[:m])
			if up {
				p.Up.Add(int64(w))
				c := p.Chunks.Add(1)
				if f, _ := p.onChunk.Load().(func(int64)); f != nil {
					f(c)
				}
			} else {
				p.Down.Add(int64(w))
			}
			if cut || w < m {
				return
			}
		}
		if err != nil {
			return
		}
	}
}
