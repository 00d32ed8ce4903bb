package platform

import (
	"net"
	"net/http"
	"strconv"
	gosync "sync"
	"sync/atomic"
	"time"
)

// Limits bound what the server takes on at once. Zero fields take the
// defaults.
type Limits struct {
	// InFlight bounds the requests each authenticated endpoint (and the
	// dashboard) serves at once (default 32); Unauthenticated bounds
	// enroll and notify each (default 8). Beyond: 503 with Retry-After.
	InFlight, Unauthenticated int
	// EnrollPerMinute is how many enrollment attempts one client address
	// may make per minute, in a burst or spread out (default 10). Beyond:
	// 429 with Retry-After.
	EnrollPerMinute int
	// ReceiptPerMinute is how many digital receipt pages (/r/) one
	// client address may ask for per minute (default 30). Beyond: 429.
	ReceiptPerMinute int
}

func (l Limits) withDefaults() Limits {
	if l.InFlight <= 0 {
		l.InFlight = 32
	}
	if l.Unauthenticated <= 0 {
		l.Unauthenticated = 8
	}
	if l.EnrollPerMinute <= 0 {
		l.EnrollPerMinute = 10
	}
	if l.ReceiptPerMinute <= 0 {
		l.ReceiptPerMinute = 30
	}
	return l
}

// busy counts the requests being served, for tests (see Busy).
type busy struct{ n atomic.Int64 }

// gate serves at most n requests of h at once; the others get 503 with
// Retry-After at once, before their body is read.
func (s *Server) gate(n int, h http.HandlerFunc) http.HandlerFunc {
	slots := make(chan struct{}, n)
	return func(w http.ResponseWriter, r *http.Request) {
		select {
		case slots <- struct{}{}:
		default:
			w.Header().Set("Retry-After", "1")
			fail(w, r, http.StatusServiceUnavailable, "busy", "the platform is busy; retry in a second")
			return
		}
		s.busy.n.Add(1)
		defer func() {
			s.busy.n.Add(-1)
			<-slots
		}()
		h(w, r)
	}
}

// Busy returns how many requests the server is serving now.
func Busy(s *Server) int { return int(s.busy.n.Load()) }

// rateLimit is a token bucket per client address: perMinute tokens, one
// back every minute/perMinute. It remembers at most maxClients addresses;
// when full it forgets those whose bucket is full again, and if none is,
// refuses newcomers until some are.
type rateLimit struct {
	mu        gosync.Mutex
	perMinute int
	clients   map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

const maxClients = 4096

func (l *rateLimit) allow(addr string, now time.Time) (ok bool, retry time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.clients == nil {
		l.clients = map[string]*bucket{}
	}
	every := time.Minute / time.Duration(l.perMinute)
	refill := func(b *bucket) {
		b.tokens = min(float64(l.perMinute), b.tokens+float64(now.Sub(b.at))/float64(every))
		b.at = now
	}
	b := l.clients[addr]
	if b == nil {
		if len(l.clients) >= maxClients {
			for k, o := range l.clients {
				if refill(o); o.tokens >= float64(l.perMinute) {
					delete(l.clients, k)
				}
			}
			if len(l.clients) >= maxClients {
				return false, every
			}
		}
		b = &bucket{tokens: float64(l.perMinute), at: now}
		l.clients[addr] = b
	}
	refill(b)
	if b.tokens < 1 {
		return false, time.Duration((1 - b.tokens) * float64(every))
	}
	b.tokens--
	return true, 0
}

// clientAddr is the request's peer address without the port.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// limited answers 429 when the client address is over its enrollment
// rate.
func (s *Server) limited(w http.ResponseWriter, r *http.Request) bool {
	ok, retry := s.enrollRate.allow(clientAddr(r), s.Now())
	if ok {
		return false
	}
	w.Header().Set("Retry-After", strconv.Itoa(int(retry/time.Second)+1))
	fail(w, r, http.StatusTooManyRequests, "too_many", "too many enrollment attempts from this address; wait a minute")
	return true
}

// SmallBodyTime is how long enroll and notify wait for their (at most 64
// KiB) body: a client trickling it would hold one of their few places.
var SmallBodyTime = 10 * time.Second

func bodyDeadline(w http.ResponseWriter) {
	http.NewResponseController(w).SetReadDeadline(time.Now().Add(SmallBodyTime))
}
