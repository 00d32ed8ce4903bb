package bidi

import (
	"bufio"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	xbidi "golang.org/x/text/unicode/bidi"
)

// Debian's unicode-data package (installed by `make deps`).
const characterTest = "/usr/share/unicode/BidiCharacterTest.txt"

// TestBidiCharacterTest runs every case of the Unicode conformance file:
// the cases without explicit embedding, override or isolate controls must
// all give the file's levels and visual order; the others are counted.
func TestBidiCharacterTest(t *testing.T) {
	f, err := os.Open(characterTest)
	if err != nil {
		t.Fatalf("%v: install Debian's unicode-data (make deps)", err)
	}
	defer f.Close()
	var plain, plainOK, explicit, explicitOK, failed int
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		fields := strings.Split(line, ";")
		if len(fields) != 5 {
			t.Fatalf("line %d: %d fields", n, len(fields))
		}
		var text []rune
		controls := false
		for _, h := range strings.Fields(fields[0]) {
			v, err := strconv.ParseUint(h, 16, 32)
			if err != nil {
				t.Fatalf("line %d: %v", n, err)
			}
			r := rune(v)
			text = append(text, r)
			switch class(r) {
			case xbidi.LRE, xbidi.RLE, xbidi.LRO, xbidi.RLO, xbidi.PDF, xbidi.LRI, xbidi.RLI, xbidi.FSI, xbidi.PDI:
				controls = true
			}
		}
		dir := map[string]Direction{"0": LTR, "1": RTL, "2": Auto}[fields[1]]
		wantPara, _ := strconv.Atoi(fields[2])
		var wantLevels []int8
		for _, l := range strings.Fields(fields[3]) {
			if l == "x" {
				wantLevels = append(wantLevels, Removed)
				continue
			}
			v, _ := strconv.Atoi(l)
			wantLevels = append(wantLevels, int8(v))
		}
		var wantOrder []int
		for _, o := range strings.Fields(fields[4]) {
			v, _ := strconv.Atoi(o)
			wantOrder = append(wantOrder, v)
		}

		levels, para := Levels(text, dir)
		order := Reorder(levels)
		ok := int(para) == wantPara && slices.Equal(levels, wantLevels) && slices.Equal(order, wantOrder)
		if controls {
			explicit++
			if ok {
				explicitOK++
			}
			continue
		}
		plain++
		if ok {
			plainOK++
			continue
		}
		if failed++; failed <= 20 {
			t.Errorf("line %d: %s\n got para %d levels %v order %v\nwant para %d levels %v order %v",
				n, fields[0], para, levels, order, wantPara, wantLevels, wantOrder)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if plain < 80000 {
		t.Fatalf("only %d cases without explicit controls: not the conformance file?", plain)
	}
	t.Logf("BidiCharacterTest.txt: without explicit controls %d/%d pass; with explicit embeddings, overrides or isolates %d/%d pass (not required)",
		plainOK, plain, explicitOK, explicit)
}
