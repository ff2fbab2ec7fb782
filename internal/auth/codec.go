package auth

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/alexedwards/scs/v2"
)

// sessionCodec encodes session data for the store in a small binary form.
// scs's default, gob, builds a decoder for its types afresh on every
// request, which cost a sixth of a signed-in page's server time; the few
// kinds of value sessions hold here (numbers, text, flags) need none of
// that. Data saved in gob before this codec is still read, so sessions
// survive the upgrade; it is written back in this form when next saved.
//
// Layout: a magic byte and version, the deadline in Unix nanoseconds, the
// number of values, then each value as its key, a type byte and the value.
type sessionCodec struct{}

const (
	codecMagic   = 0xB1
	codecVersion = 1
)

// Value types.
const (
	typeString = 's'
	typeInt64  = 'i'
	typeInt32  = 'j'
	typeInt    = 'n'
	typeBool   = 'b'
)

var errSessionData = errors.New("session data is malformed")

func (sessionCodec) Encode(deadline time.Time, values map[string]any) ([]byte, error) {
	b := make([]byte, 0, 64)
	b = append(b, codecMagic, codecVersion)
	b = binary.AppendVarint(b, deadline.UnixNano())
	b = binary.AppendUvarint(b, uint64(len(values)))
	for k, v := range values {
		b = appendString(b, k)
		switch v := v.(type) {
		case string:
			b = appendString(append(b, typeString), v)
		case int64:
			b = binary.AppendVarint(append(b, typeInt64), v)
		case int32:
			b = binary.AppendVarint(append(b, typeInt32), int64(v))
		case int:
			b = binary.AppendVarint(append(b, typeInt), int64(v))
		case bool:
			x := byte(0)
			if v {
				x = 1
			}
			b = append(b, typeBool, x)
		default:
			return nil, fmt.Errorf("session value %q: type %T cannot be stored", k, v)
		}
	}
	return b, nil
}

func (sessionCodec) Decode(b []byte) (time.Time, map[string]any, error) {
	if len(b) < 2 || b[0] != codecMagic {
		return scs.GobCodec{}.Decode(b)
	}
	if b[1] != codecVersion {
		return time.Time{}, nil, errSessionData
	}
	r := reader{b: b[2:]}
	deadline := time.Unix(0, r.varint()).UTC()
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		return time.Time{}, nil, errSessionData
	}
	values := make(map[string]any, n)
	for range n {
		k := r.string()
		switch r.byte() {
		case typeString:
			values[k] = r.string()
		case typeInt64:
			values[k] = r.varint()
		case typeInt32:
			values[k] = int32(r.varint())
		case typeInt:
			values[k] = int(r.varint())
		case typeBool:
			values[k] = r.byte() == 1
		default:
			r.err = errSessionData
		}
		if r.err != nil {
			return time.Time{}, nil, r.err
		}
	}
	return deadline, values, nil
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// reader reads the codec's fields, remembering the first error.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail() { r.err, r.b = errSessionData, nil }

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) byte() byte {
	if len(r.b) == 0 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) string() string {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.fail()
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}
