package concert

// Mask returns s with every possible full card number blanked: a run of 13
// or more digits, written together or in groups split by single spaces or
// dashes (5131 0012 3456 1234, 3782-822463-10005), keeps its first 6 and
// last 4 digits and has the others replaced by '*'. Anything else is left
// as it is, so already masked numbers (513100******1234), amounts and
// authorisation codes pass unchanged.
//
// It is the guard that keeps a full card number out of the store, the logs
// and receipts even when a terminal sends one by mistake.
func Mask(s string) string {
	b := []byte(s)
	changed := false
	for i := 0; i < len(b); {
		if !isDigit(b[i]) {
			i++
			continue
		}
		end, digits := panRun(b, i)
		if digits >= 13 {
			seen := 0
			for j := i; j < end; j++ {
				if isDigit(b[j]) {
					if seen >= 6 && seen < digits-4 {
						b[j] = '*'
						changed = true
					}
					seen++
				}
			}
		}
		i = end
	}
	if !changed {
		return s
	}
	return string(b)
}

// panRun returns the end of the digit run starting at i and how many digits
// it holds. Digits join across one space or dash only when the run is
// grouped like a printed card number: groups of 4, or 4-6-(4|5).
func panRun(b []byte, i int) (end, digits int) {
	var groups []int
	j := i
	for {
		k := j
		for k < len(b) && isDigit(b[k]) {
			k++
		}
		groups = append(groups, k-j)
		if k+1 < len(b) && (b[k] == ' ' || b[k] == '-') && isDigit(b[k+1]) && len(groups) < 6 {
			j = k + 1
			continue
		}
		// One plain run: its end is k.
		if len(groups) == 1 {
			return k, k - i
		}
		if grouped(groups) {
			n := 0
			for _, g := range groups {
				n += g
			}
			return k, n
		}
		// Not card-like groups: treat the first group alone.
		return i + groups[0], groups[0]
	}
}

func grouped(g []int) bool {
	if len(g) == 3 && g[0] == 4 && g[1] == 6 && (g[2] == 4 || g[2] == 5) {
		return true
	}
	if len(g) < 4 || len(g) > 5 {
		return false
	}
	for i, n := range g {
		last := i == len(g)-1
		if !last && n != 4 {
			return false
		}
		if last && (n < 1 || n > 4) {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
