package bidi

import (
	"sort"

	xbidi "golang.org/x/text/unicode/bidi"
)

// resolvePlain resolves a paragraph without explicit embedding, override
// or isolate controls, where the whole paragraph is one isolating run
// sequence at level p: rules W1–W7, N0–N2, I1–I2 and L1. x/text does the
// same inside, but its bracket pairs (N0) miss marks after a bracket, the
// 63-deep stack limit and canonical equivalents, and it does not expose
// levels.
func resolvePlain(text []rune, cls []xbidi.Class, p int8, levels []int8) {
	idx, t := kept(cls)
	e := xbidi.L // embedding direction, also sos and eos
	if p == 1 {
		e = xbidi.R
	}
	weak(t, e)
	brackets(text, cls, idx, t, e)
	neutrals(t, e)
	for i := range levels {
		levels[i] = Removed
	}
	for k, c := range t { // I1, I2
		l := p
		switch {
		case p == 0 && c == xbidi.R:
			l = 1
		case p == 0 && (c == xbidi.EN || c == xbidi.AN):
			l = 2
		case p == 1 && (c == xbidi.L || c == xbidi.EN || c == xbidi.AN):
			l = 2
		}
		levels[idx[k]] = l
	}
	// L1: separators, and whitespace before them or at the end of the
	// line, go back to the paragraph level.
	trailing := true
	for i := len(cls) - 1; i >= 0; i-- {
		switch c := cls[i]; {
		case c == xbidi.S || c == xbidi.B:
			levels[i] = p
			trailing = true
		case c == xbidi.WS || isolateInitiator(c) || c == xbidi.PDI:
			if trailing {
				levels[i] = p
			}
		case removedByX9(c):
		default:
			trailing = false
		}
	}
}

// none is no strong direction (xbidi.L is the zero Class).
const none = xbidi.Class(255)

// strongOf is a resolved type seen as a strong direction by N0–N2:
// numbers count as R; none means neutral.
func strongOf(c xbidi.Class) xbidi.Class {
	switch c {
	case xbidi.L:
		return xbidi.L
	case xbidi.R, xbidi.EN, xbidi.AN:
		return xbidi.R
	}
	return none
}

// canonicalBracket folds the two pairs of brackets that are canonically
// equivalent (BD16).
func canonicalBracket(r rune) rune {
	switch r {
	case '\u2329':
		return '\u3008'
	case '\u232a':
		return '\u3009'
	}
	return r
}

// pairedBracket is the other bracket of a pair (x/text mirrors brackets
// when it reverses a string).
func pairedBracket(r rune) rune {
	for _, m := range xbidi.ReverseString(string(r)) {
		return m
	}
	return r
}

// brackets is rule N0 over the kept characters t (indexes idx into text).
func brackets(text []rune, cls []xbidi.Class, idx []int, t []xbidi.Class, e xbidi.Class) {
	type opener struct {
		close rune // canonical closing bracket expected
		pos   int  // index into t
	}
	var stack []opener
	var pairs [][2]int
bd16:
	for k, c := range t {
		if c != xbidi.ON {
			continue
		}
		r := text[idx[k]]
		props, _ := xbidi.LookupRune(r)
		if !props.IsBracket() {
			continue
		}
		if props.IsOpeningBracket() {
			if len(stack) == 63 {
				break bd16
			}
			stack = append(stack, opener{canonicalBracket(pairedBracket(r)), k})
			continue
		}
		cr := canonicalBracket(r)
		for j := len(stack) - 1; j >= 0; j-- {
			if stack[j].close == cr {
				pairs = append(pairs, [2]int{stack[j].pos, k})
				stack = stack[:j]
				break
			}
		}
	}
	sort.Slice(pairs, func(a, b int) bool { return pairs[a][0] < pairs[b][0] })
	for _, pr := range pairs {
		o, c := pr[0], pr[1]
		inside := none
		for k := o + 1; k < c; k++ {
			s := strongOf(t[k])
			if s == e {
				inside = e
				break
			}
			if s != none {
				inside = s
			}
		}
		if inside == none {
			continue
		}
		dir := e
		if inside != e {
			before := e // sos
			for k := o - 1; k >= 0; k-- {
				if s := strongOf(t[k]); s != none {
					before = s
					break
				}
			}
			if before != e {
				dir = before
			}
		}
		for _, b := range [2]int{o, c} {
			t[b] = dir
			// Marks that followed the bracket take its new type.
			for k := b + 1; k < len(t) && cls[idx[k]] == xbidi.NSM; k++ {
				t[k] = dir
			}
		}
	}
}

// neutrals is rules N1 and N2: a run of neutrals takes the direction of
// the strong types on both sides when they agree, e otherwise.
func neutrals(t []xbidi.Class, e xbidi.Class) {
	prev := e // sos
	for i := 0; i < len(t); {
		if s := strongOf(t[i]); s != none {
			prev = s
			i++
			continue
		}
		j := i
		for j < len(t) && strongOf(t[j]) == none {
			j++
		}
		next := e // eos
		if j < len(t) {
			next = strongOf(t[j])
		}
		dir := e
		if prev == next {
			dir = prev
		}
		for k := i; k < j; k++ {
			t[k] = dir
		}
		i = j
	}
}
