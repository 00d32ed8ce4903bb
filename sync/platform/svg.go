package platform

import (
	"fmt"
	"html/template"
	"strings"
)

// Charts are drawn on the server as inline SVG: no script, they scale to
// the screen's width (viewBox), and every value is in the SVG's text (on
// the bar or point, and in a <title> per mark) so a screen reader and a
// search in the page find the numbers. rtl mirrors the x axis, so in
// Arabic time runs from right to left like the text.

// point is one mark: its label on the axis, its value for the geometry,
// and the value as a person reads it.
type point struct {
	Label string
	Value int64
	Text  string
}

const (
	chartW   = 480
	chartH   = 240
	padTop   = 28
	padBot   = 34
	padSide  = 8
	heatCell = 26
)

func esc(s string) string { return template.HTMLEscapeString(s) }

// edgeAnchor keeps a text centred on x inside the chart.
func edgeAnchor(x float64) string {
	switch {
	case x > chartW-20:
		return "end"
	case x < 20:
		return "start"
	}
	return "middle"
}

// xOf returns the left of slot i of n across the plot width, mirrored
// when rtl.
func xOf(i, n int, rtl bool) float64 {
	w := float64(chartW-2*padSide) / float64(n)
	if rtl {
		i = n - 1 - i
	}
	return padSide + float64(i)*w
}

func maxOf(ps []point) int64 {
	var m int64
	for _, p := range ps {
		m = max(m, p.Value)
	}
	return m
}

// labelEvery keeps axis labels from overlapping: one in every k.
func labelEvery(n int) int { return max(1, (n+5)/6) }

func svgOpen(b *strings.Builder, title string, h int) {
	fmt.Fprintf(b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg" direction="ltr"><title>%s</title>`, chartW, h, esc(title), esc(title))
}

// barChart draws one bar per point, its value written above it.
func barChart(title string, ps []point, rtl bool) template.HTML {
	var b strings.Builder
	svgOpen(&b, title, chartH)
	n := max(len(ps), 1)
	top := max(maxOf(ps), 1)
	slot := float64(chartW-2*padSide) / float64(n)
	small := len(ps) > 16
	top0 := padTop
	if small {
		top0 = 64 // room for the values written upwards
	}
	plot := float64(chartH - top0 - padBot)
	base := float64(chartH - padBot)
	fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#999"/>`, padSide, base, chartW-padSide, base)
	every := labelEvery(len(ps))
	for i, p := range ps {
		x := xOf(i, n, rtl)
		h := 0.0
		if p.Value > 0 {
			h = plot * float64(p.Value) / float64(top)
		}
		cx := x + slot/2
		fmt.Fprintf(&b, `<g><title>%s: %s</title><rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#1f6f8b"/>`,
			esc(p.Label), esc(p.Text), x+slot*0.12, base-h, slot*0.76, h)
		if small {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="14" transform="rotate(-90 %.1f %.1f)" fill="#222">%s</text>`, cx+5, base-h-3, cx+5, base-h-3, esc(p.Text))
		} else {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="17" text-anchor="middle" fill="#222">%s</text>`, cx, base-h-6, esc(p.Text))
		}
		if i%every == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="15" text-anchor="%s" fill="#555">%s</text>`, cx, chartH-padBot+20, edgeAnchor(cx), esc(p.Label))
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// lineChart draws the points joined by a line, each value written by its
// point when there are few, the last one always.
func lineChart(title string, ps []point, rtl bool) template.HTML {
	var b strings.Builder
	svgOpen(&b, title, chartH)
	n := max(len(ps), 1)
	top := max(maxOf(ps), 1)
	slot := float64(chartW-2*padSide) / float64(n)
	plot := float64(chartH - padTop - padBot)
	base := float64(chartH - padBot)
	fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#999"/>`, padSide, base, chartW-padSide, base)
	var path []string
	every := labelEvery(len(ps))
	for i, p := range ps {
		x := xOf(i, n, rtl) + slot/2
		y := base - plot*float64(max(p.Value, 0))/float64(top)
		path = append(path, fmt.Sprintf("%.1f,%.1f", x, y))
		fmt.Fprintf(&b, `<g><title>%s: %s</title><circle cx="%.1f" cy="%.1f" r="3.5" fill="#b5522b"/>`, esc(p.Label), esc(p.Text), x, y)
		if len(ps) <= 16 || i == len(ps)-1 {
			anchor := "middle"
			if x > chartW-70 {
				anchor = "end"
			} else if x < 70 {
				anchor = "start"
			}
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="17" text-anchor="%s" fill="#222">%s</text>`, x, y-9, anchor, esc(p.Text))
		}
		if i%every == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="15" text-anchor="%s" fill="#555">%s</text>`, x, chartH-padBot+20, edgeAnchor(x), esc(p.Label))
		}
		b.WriteString(`</g>`)
	}
	if len(path) > 1 {
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="#b5522b" stroke-width="2"/>`, strings.Join(path, " "))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// heatMap draws rows × 24 hours, each cell's count written in it.
func heatMap(title string, rows []string, counts [][24]int, rtl bool) template.HTML {
	var b strings.Builder
	labelW := 84
	h := padTop + len(rows)*heatCell + 20
	w := labelW + 24*heatCell + padSide
	fmt.Fprintf(&b, `<svg class="chart heat" viewBox="0 0 %d %d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg" direction="ltr"><title>%s</title>`, w, h, esc(title), esc(title))
	top := 1
	for _, r := range counts {
		for _, c := range r {
			top = max(top, c)
		}
	}
	colX := func(hour int) int {
		if rtl {
			return padSide + (23-hour)*heatCell
		}
		return labelW + hour*heatCell
	}
	labelX, anchor := labelW-6, "end"
	if rtl {
		labelX, anchor = padSide+24*heatCell+6, "start"
	}
	for hour := 0; hour < 24; hour += 3 {
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="13" text-anchor="middle" fill="#555">%02d</text>`, colX(hour)+heatCell/2, padTop-6, hour)
	}
	for i, name := range rows {
		y := padTop + i*heatCell
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="14" text-anchor="%s" fill="#333">%s</text>`, labelX, y+heatCell/2+4, anchor, esc(name))
		for hour, c := range counts[i] {
			x := colX(hour)
			op := 0.06
			if c > 0 {
				op = 0.2 + 0.8*float64(c)/float64(top)
			}
			fmt.Fprintf(&b, `<g><title>%s %02d:00: %d</title><rect x="%d" y="%d" width="%d" height="%d" fill="#1f6f8b" fill-opacity="%.2f" stroke="#fff"/>`,
				esc(name), hour, c, x, y, heatCell, heatCell, op)
			if c > 0 {
				fill := "#222"
				if op > 0.55 {
					fill = "#fff"
				}
				fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="13" text-anchor="middle" fill="%s">%d</text>`, x+heatCell/2, y+heatCell/2+4, fill, c)
			}
			b.WriteString(`</g>`)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// hbarChart draws one horizontal bar per point, its label beside it and
// its value at its end: for categories with long names (the tender mix),
// which a phone could not write under vertical bars. rtl puts the labels
// on the right and grows the bars leftwards.
func hbarChart(title string, ps []point, rtl bool) template.HTML {
	const row, labelW, valueW = 34, 190, 70
	h := padTop/2 + row*max(len(ps), 1) + 6
	var b strings.Builder
	svgOpen(&b, title, h)
	top := max(maxOf(ps), 1)
	plot := float64(chartW - 2*padSide - labelW - valueW)
	for i, p := range ps {
		y := float64(padTop/2 + i*row)
		w := 0.0
		if p.Value > 0 {
			w = plot * float64(p.Value) / float64(top)
		}
		labelX, labelAnchor := float64(padSide+labelW-8), "end"
		barX, valueX, valueAnchor := float64(padSide+labelW), float64(padSide+labelW)+w+6, "start"
		if rtl {
			labelX, labelAnchor = float64(chartW-padSide-labelW+8), "start"
			barX = float64(chartW-padSide-labelW) - w
			valueX, valueAnchor = barX-6, "end"
		}
		fmt.Fprintf(&b, `<g><title>%s: %s</title><text x="%.1f" y="%.1f" font-size="15" text-anchor="%s" fill="#222">%s</text>`,
			esc(p.Label), esc(p.Text), labelX, y+row*0.62, labelAnchor, esc(p.Label))
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#1f6f8b"/>`, barX, y+row*0.18, w, row*0.64)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="15" text-anchor="%s" fill="#222">%s</text></g>`, valueX, y+row*0.62, valueAnchor, esc(p.Text))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
