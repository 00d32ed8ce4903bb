package platform

import (
	"encoding/json"

	"hanout/pos"
	"hanout/sync/wire"
)

// A push is read in one pass of encoding/json when its envelope is
// canonical (an object whose keys are "v", "unsynced", "docs" and
// "chain", each at most once and spelled plainly, as every till sends
// it): the documents are decoded straight into their slice, and their
// exact bytes, which the chain hash covers and the store keeps, are cut
// out of the body by docSpans, never marshalled again. Any other body,
// and any body a document of which does not decode, takes the general
// path (decodeGeneral), so both give the same batch or the same error.

// pushEnvelope is a push with its documents decoded.
type pushEnvelope struct {
	V        int            `json:"v"`
	Unsynced uint64         `json:"unsynced"`
	Docs     []pos.Document `json:"docs"`
	Chain    []wire.Link    `json:"chain"`
}

// decodeCanonical is the one-pass path; ok is false when the body is not
// for it (and nothing is decided).
func decodeCanonical(body []byte, t Terminal) (b PushBatch, err error, ok bool) {
	var env pushEnvelope
	if json.Unmarshal(body, &env) != nil {
		return PushBatch{}, nil, false
	}
	raws, ok := docSpans(body)
	if !ok || len(raws) != len(env.Docs) {
		return PushBatch{}, nil, false
	}
	if err := checkEnvelope(env.V, len(env.Docs)); err != nil {
		return PushBatch{}, err, true
	}
	b = PushBatch{Unsynced: env.Unsynced, Docs: make([]Doc, len(raws))}
	for i, raw := range raws {
		d, code, reason := checkRules(&env.Docs[i], t)
		b.Docs[i] = pushedDoc(i, raw, env.Chain, d, code, reason)
	}
	return b, nil, true
}

// docSpans returns the bytes of each element of body's "docs" array, body
// being valid JSON (json.Unmarshal took it). ok is false unless body is
// an object whose keys are among v, unsynced, docs and chain, each once
// and without escapes: then the array found is the one json.Unmarshal
// decoded.
func docSpans(body []byte) (docs [][]byte, ok bool) {
	i := skipSpace(body, 0)
	if i >= len(body) || body[i] != '{' {
		return nil, false
	}
	seen := map[string]bool{}
	for i++; ; {
		i = skipSpace(body, i)
		if i >= len(body) {
			return nil, false
		}
		switch body[i] {
		case '}':
			return docs, true
		case ',':
			i++
			continue
		case '"':
		default:
			return nil, false
		}
		end := stringEnd(body, i)
		key := string(body[i+1 : max(i+1, end-1)])
		if end < 0 || seen[key] || (key != "v" && key != "unsynced" && key != "docs" && key != "chain") {
			return nil, false
		}
		seen[key] = true
		i = skipSpace(body, end)
		if i >= len(body) || body[i] != ':' {
			return nil, false
		}
		i = skipSpace(body, i+1)
		if key == "docs" && i < len(body) && body[i] == '[' {
			if docs, i = arrayElems(body, i); i < 0 {
				return nil, false
			}
			continue
		}
		if i = valueEnd(body, i); i < 0 {
			return nil, false
		}
	}
}

// arrayElems returns the elements of the array at body[i] and the index
// after it (-1 when it is cut short).
func arrayElems(body []byte, i int) (elems [][]byte, next int) {
	elems = [][]byte{}
	for i++; ; {
		i = skipSpace(body, i)
		if i >= len(body) {
			return nil, -1
		}
		switch body[i] {
		case ']':
			return elems, i + 1
		case ',':
			i++
			continue
		}
		end := valueEnd(body, i)
		if end < 0 {
			return nil, -1
		}
		elems = append(elems, body[i:end:end])
		i = end
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// stringEnd is the index after the string that opens at b[i] (-1 when
// it is cut short).
func stringEnd(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

// valueEnd is the index after the JSON value at b[i] (-1 when it is cut
// short), b being valid JSON.
func valueEnd(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				if i = stringEnd(b, i); i < 0 {
					return -1
				}
				i--
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
		return -1
	}
	for ; i < len(b); i++ { // a number, true, false or null
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
	}
	return i
}
