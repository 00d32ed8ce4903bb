package printq

import (
	"errors"

	"hanout/drivers/escpos"
	"hanout/pos"
	"hanout/pos/receipt"
)

// ReportSource lays out printouts that are no receipt (a customer's
// statement) at the time they print. The document source implements it
// when the till prints them.
type ReportSource interface {
	PrintReport(report, key string) (*receipt.Receipt, error)
}

// printReport prints a job naming a report; it never opens the drawer.
func (w *Worker) printReport(job Job) *pos.Error {
	src, ok := w.cfg.Docs.(ReportSource)
	if !ok {
		return pos.Errorf("receipt.not_printable", job.Report)
	}
	r, err := src.PrintReport(job.Report, job.Key)
	if err != nil {
		var pe *pos.Error
		if errors.As(err, &pe) {
			return pe
		}
		return pos.Wrap(err, "error.internal")
	}
	b, err := escpos.EncodeReceipt(r, w.cfg.Profile, false)
	if err != nil {
		return pos.Wrap(err, "printer.font")
	}
	if _, err := w.pr.Write(b); err != nil {
		w.disconnect()
		return linkError(err)
	}
	return nil
}

// ErrUnknownReport is the error of a job naming a report this till does
// not know (a newer till's job in an older one's queue).
func ErrUnknownReport(report string) error { return pos.Errorf("receipt.not_printable", report) }
