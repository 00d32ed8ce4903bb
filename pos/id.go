package pos

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"sync"
	"time"
)

// NewID returns a time-ordered (version 7, RFC 9562) UUID, lowercase
// 8-4-4-4-12 hex. It identifies a document on the wire forever, so the
// platform can store each one exactly once.
//
// Layout: 48 bits of Unix milliseconds, the version nibble 7, a 12-bit
// counter, the variant bits 10, then 62 fresh random bits. The ids one
// process makes are strictly increasing (RFC 9562 §6.2, method 1: the
// counter starts at a random value below 2048 each millisecond and goes up
// within it; when it runs out, or the clock steps back, the millisecond
// goes on from the last one), so the store appends each id at the end of
// its index instead of at a random place. The 62 random bits keep ids
// unguessable and unique across tills; an id is never read as a time.
// Documents of older versions and of other tills keep their version 4 ids:
// nothing relies on the version.
func NewID() string {
	var r [10]byte
	randomBytes(r[:])
	idMu.Lock()
	b := ids.next(time.Now().UnixMilli(), r)
	idMu.Unlock()
	return formatUUID(b)
}

// NewShortID returns 8 random hex characters (32 bits), for the short ids
// a person may see or type (users, customers, artisans, terminals). It is
// not a prefix of NewID, whose first characters are the time.
func NewShortID() string {
	var b [4]byte
	randomBytes(b[:])
	return hex.EncodeToString(b[:])
}

// randomBytes fills b from crypto/rand.
func randomBytes(b []byte) {
	if _, err := rand.Read(b); err != nil {
		// crypto/rand does not fail on Linux; if it ever did, a
		// duplicate-prone ID would be worse than stopping the sale.
		panic("pos: no randomness: " + err.Error())
	}
}

// idClock is the state that keeps one process's ids increasing: the
// millisecond and counter of the last id.
type idClock struct {
	ms  int64
	seq uint16 // 12 bits
}

var (
	idMu sync.Mutex
	ids  idClock // under idMu
)

// next builds the UUID for the Unix millisecond now from r (10 random
// bytes: 2 seed the counter, 8 give the 62 random bits). It is bigger
// than every id next returned before.
func (c *idClock) next(now int64, r [10]byte) [16]byte {
	if now > c.ms {
		c.ms = now
		c.seq = binary.BigEndian.Uint16(r[0:2]) & 0x7ff // half the range left for the millisecond
	} else if c.seq++; c.seq > 0xfff {
		c.ms++
		c.seq = 0
	}
	var b [16]byte
	ms := uint64(c.ms) & (1<<48 - 1)
	b[0], b[1], b[2], b[3], b[4], b[5] = byte(ms>>40), byte(ms>>32), byte(ms>>24), byte(ms>>16), byte(ms>>8), byte(ms)
	b[6] = 0x70 | byte(c.seq>>8)
	b[7] = byte(c.seq)
	copy(b[8:], r[2:])
	b[8] = b[8]&0x3f | 0x80
	return b
}

// formatUUID writes b as lowercase 8-4-4-4-12 hex.
func formatUUID(b [16]byte) string {
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:36], b[10:16])
	return string(s[:])
}
