package pgstore

import (
	"encoding/binary"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// The arrays a push sends (its documents' columns, its anchors) are
// encoded by these types straight into PostgreSQL's binary array format,
// the buffer grown once to its size, where pgx's general plan goes
// through reflection element by element (an interface and a plan lookup
// each) and grows the buffer as it goes. Where a parameter's type is
// not known (pgx's exec and simple protocol modes), each is the array
// type of its elements (registerArrays), which pgx encodes as the plain
// slice it is made of.
type (
	texts  []string    // text[]
	int8s  []int64     // bigint[]
	byteas [][]byte    // bytea[]; a nil element is NULL
	times  []time.Time // timestamptz[], finite times
)

// arrayEncoder encodes itself as a binary array of elements of type
// elem, or NULL (nil) when nil, in size bytes.
type arrayEncoder interface {
	encodeArray(buf []byte) []byte
	elem() uint32
	size() int
}

// withRoom is an array whose encoding makes room at once for room bytes:
// its own and those of the statement's parameters after it, which pgx
// encodes into the same buffer. Only a connection of the store's pool
// (its type map, see afterConnect) encodes it.
type withRoom struct {
	arrayEncoder
	room int
}

func (w withRoom) encodeArray(buf []byte) []byte {
	if cap(buf)-len(buf) < w.room {
		grown := make([]byte, len(buf), len(buf)+w.room)
		copy(grown, buf)
		buf = grown
	}
	return w.arrayEncoder.encodeArray(buf)
}

// roomFor is the first of args, an array, with room for all of args
// (the others' headers and scalars take less than 64 bytes each).
func roomFor(args []any) withRoom {
	room := 0
	for _, a := range args {
		if e, ok := a.(arrayEncoder); ok {
			room += e.size()
		} else {
			room += 64
		}
	}
	return withRoom{arrayEncoder: args[0].(arrayEncoder), room: room}
}

func (texts) elem() uint32  { return pgtype.TextOID }
func (int8s) elem() uint32  { return pgtype.Int8OID }
func (byteas) elem() uint32 { return pgtype.ByteaOID }
func (times) elem() uint32  { return pgtype.TimestamptzOID }

func (a texts) size() int {
	n := 20 + 4*len(a)
	for _, s := range a {
		n += len(s)
	}
	return n
}

func (a int8s) size() int { return 20 + 12*len(a) }

func (a byteas) size() int {
	n := 20 + 4*len(a)
	for _, b := range a {
		n += len(b)
	}
	return n
}

func (a times) size() int { return 20 + 12*len(a) }

// fastArrays is the codec of the array types above: theirs for the
// values of those types, the original's (pgx's ArrayCodec) for all else.
type fastArrays struct {
	pgtype.Codec
	elem uint32 // the element type's OID
}

// registerArrays gives a connection's type map the fast array encoders.
func registerArrays(m *pgtype.Map) {
	if t, ok := m.TypeForOID(pgtype.TextArrayOID); ok {
		if _, done := t.Codec.(fastArrays); done {
			return
		}
	}
	for _, oids := range [][2]uint32{
		{pgtype.TextArrayOID, pgtype.TextOID},
		{pgtype.Int8ArrayOID, pgtype.Int8OID},
		{pgtype.ByteaArrayOID, pgtype.ByteaOID},
		{pgtype.TimestamptzArrayOID, pgtype.TimestamptzOID},
	} {
		t, ok := m.TypeForOID(oids[0])
		if !ok {
			continue
		}
		if _, done := t.Codec.(fastArrays); done {
			continue
		}
		m.RegisterType(&pgtype.Type{Name: t.Name, OID: t.OID, Codec: fastArrays{Codec: t.Codec, elem: oids[1]}})
	}
	m.RegisterDefaultPgType(texts(nil), "_text")
	m.RegisterDefaultPgType(int8s(nil), "_int8")
	m.RegisterDefaultPgType(byteas(nil), "_bytea")
	m.RegisterDefaultPgType(times(nil), "_timestamptz")
	m.TryWrapEncodePlanFuncs = append([]pgtype.TryWrapEncodePlanFunc{unwrapRoom}, m.TryWrapEncodePlanFuncs...)
}

// unwrapRoom has an array with room planned as the array it holds, where
// the fast plan does not take it (an unknown type, the text format).
func unwrapRoom(value any) (pgtype.WrappedEncodePlanNextSetter, any, bool) {
	if w, ok := value.(withRoom); ok {
		return &roomPlan{}, w.arrayEncoder, true
	}
	return nil, nil, false
}

type roomPlan struct{ next pgtype.EncodePlan }

func (p *roomPlan) SetNext(next pgtype.EncodePlan) { p.next = next }

func (p *roomPlan) Encode(value any, buf []byte) ([]byte, error) {
	return p.next.Encode(value.(withRoom).arrayEncoder, buf)
}

// afterConnect prepares each new connection of the pool.
func afterConnect(c *pgx.Conn) {
	registerArrays(c.TypeMap())
}

func (c fastArrays) PlanEncode(m *pgtype.Map, oid uint32, format int16, value any) pgtype.EncodePlan {
	if a, ok := value.(arrayEncoder); ok && format == pgtype.BinaryFormatCode && a.elem() == c.elem {
		return encodeArrayPlan{}
	}
	return c.Codec.PlanEncode(m, oid, format, value)
}

type encodeArrayPlan struct{}

func (encodeArrayPlan) Encode(value any, buf []byte) ([]byte, error) {
	return value.(arrayEncoder).encodeArray(buf), nil
}

// arrayHeader appends the header of a one-dimensional array of n
// elements of type elem (one dimension of length 0 when empty, as pgx
// writes it), with room for size more bytes made at once. The buffer
// holds all the statement's parameters, so it grows by half of what it
// holds besides, that the arrays after this one seldom grow it again.
func arrayHeader(buf []byte, elem uint32, n int, nulls bool, size int) []byte {
	if free := cap(buf) - len(buf); free < 20+size {
		grown := make([]byte, len(buf), len(buf)+20+size+len(buf)/2)
		copy(grown, buf)
		buf = grown
	}
	hasNull := uint32(0)
	if nulls {
		hasNull = 1
	}
	buf = binary.BigEndian.AppendUint32(buf, 1) // dimensions
	buf = binary.BigEndian.AppendUint32(buf, hasNull)
	buf = binary.BigEndian.AppendUint32(buf, elem)
	buf = binary.BigEndian.AppendUint32(buf, uint32(n))
	return binary.BigEndian.AppendUint32(buf, 1) // lower bound
}

func (a texts) encodeArray(buf []byte) []byte {
	if a == nil {
		return nil
	}
	size := 4 * len(a)
	for _, s := range a {
		size += len(s)
	}
	buf = arrayHeader(buf, pgtype.TextOID, len(a), false, size)
	for _, s := range a {
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(s)))
		buf = append(buf, s...)
	}
	return buf
}

func (a int8s) encodeArray(buf []byte) []byte {
	if a == nil {
		return nil
	}
	buf = arrayHeader(buf, pgtype.Int8OID, len(a), false, 12*len(a))
	for _, v := range a {
		buf = binary.BigEndian.AppendUint32(buf, 8)
		buf = binary.BigEndian.AppendUint64(buf, uint64(v))
	}
	return buf
}

func (a byteas) encodeArray(buf []byte) []byte {
	if a == nil {
		return nil
	}
	size, nulls := 4*len(a), false
	for _, b := range a {
		size += len(b)
		nulls = nulls || b == nil
	}
	buf = arrayHeader(buf, pgtype.ByteaOID, len(a), nulls, size)
	for _, b := range a {
		if b == nil {
			buf = binary.BigEndian.AppendUint32(buf, 0xffffffff) // -1: NULL
			continue
		}
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(b)))
		buf = append(buf, b...)
	}
	return buf
}

// y2k is PostgreSQL's epoch for timestamps, in microseconds after Unix's.
const y2k = 946684800 * 1000000

func (a times) encodeArray(buf []byte) []byte {
	if a == nil {
		return nil
	}
	buf = arrayHeader(buf, pgtype.TimestamptzOID, len(a), false, 12*len(a))
	for _, t := range a {
		us := t.Unix()*1000000 + int64(t.Nanosecond())/1000 - y2k
		buf = binary.BigEndian.AppendUint32(buf, 8)
		buf = binary.BigEndian.AppendUint64(buf, uint64(us))
	}
	return buf
}
