package qr

import (
	qrcode "github.com/skip2/go-qrcode"

	"hanout/pos"
)

// Level is a QR code's error correction level.
type Level int

const (
	LevelL Level = iota // 7 %
	LevelM              // 15 %
	LevelQ              // 25 %
	LevelH              // 30 %
)

// Modules returns the QR code of data as rows of modules, true for dark,
// with the 4-module quiet zone around it when quiet is set. It is the one
// way into go-qrcode for the printer's encoder and its simulator, which
// draw the modules themselves.
func Modules(data string, level Level, quiet bool) ([][]bool, error) {
	lv := map[Level]qrcode.RecoveryLevel{LevelL: qrcode.Low, LevelM: qrcode.Medium, LevelQ: qrcode.High, LevelH: qrcode.Highest}[level]
	q, err := qrcode.New(data, lv)
	if err != nil {
		return nil, pos.Wrap(err, "qr.render")
	}
	q.DisableBorder = !quiet
	return q.Bitmap(), nil
}
