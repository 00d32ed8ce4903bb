package ui

import (
	"context"
	"image"
	"time"

	"fyne.io/fyne/v2"

	"hanout/pos"
)

// Hooks are where later features plug into the screens. Every field may be
// nil: the till then shows the feature as not available, with a reason.
type Hooks struct {
	// Card is the card terminal (devices.Card); QR is the QR payment
	// (pos/qr). Their buttons on the pay screen stay disabled while nil or
	// while Ready says no.
	Card TenderProvider
	QR   TenderProvider
	// Receipt renders a committed sale or refund as plain text for the
	// on-screen preview (pos/receipt). Nil uses a simple built-in layout.
	Receipt func(d *pos.Document, shop pos.Shop, l pos.Lang) string
	// ReceiptImage draws a committed sale or refund exactly as the
	// printer prints it (the print worker's receipt, profile and bytes,
	// decoded back onto paper); the preview shows it when set, so Arabic
	// names and totals read on screen as on paper. Nil, or an error, falls
	// back to Receipt.
	ReceiptImage func(d *pos.Document) (image.Image, error)
	// PrinterReady reports whether a receipt printer is set up (its port
	// saved in Settings → Printer). Print and Reprint queue a job only
	// then; nil, or false, says there is no printer to send it to.
	PrinterReady func() bool
	// Settings adds sections to the Settings screen (devices, sync). Build
	// runs on the UI goroutine each time the screen is shown.
	Settings []SettingsSection
	// Beep sounds a short tone when a scan or search needs the seller's
	// eyes (unknown code, sold out). It must return at once; nil sounds
	// the terminal bell.
	Beep func()
}

// SettingsSection is one block of the Settings screen.
type SettingsSection struct {
	Title func(l pos.Lang) string
	Build func(l pos.Lang, w fyne.Window) fyne.CanvasObject
}

// TenderProvider takes a payment other than cash.
//
// Pay is called on its own goroutine, never the UI's. It must return when
// ctx is cancelled (the seller tapped Cancel). It reports progress through
// show (a message, and a QR image or nil), which the UI displays; show is
// safe to call from any goroutine.
//
// The returned tender's Amount must be the amount asked. StatusApproved
// counts at once; StatusUnverified makes the till ask a manager PIN and
// records the manager in ApprovedBy (a QR paid while offline, an ambiguous
// terminal answer); StatusRefused or an error records nothing, and the error
// (a *pos.Error) is shown translated.
//
// Two refinements of StatusUnverified:
//   - a tender with Recorded == pos.RecordedSlip (a card terminal that took
//     the request and whose answer was lost or unclear) opens the slip
//     dialog: the seller reads the terminal's own slip and records Approved
//     or Refused, each with a manager PIN; Approved commits the tender as
//     approved with Recorded and ApprovedBy kept, Refused records nothing;
//   - a tender whose ApprovedBy is the manager the till sent on
//     TenderRequest.Record (a QR "paid — to verify" approved in the
//     progress screen) is committed as it is, without a second PIN.
type TenderProvider interface {
	Kind() pos.TenderKind
	// Label is the button text in l.
	Label(l pos.Lang) string
	// Ready reports whether the tender can be used now, and if not, a
	// one-line reason in l.
	Ready(l pos.Lang) (ok bool, reason string)
	Pay(ctx context.Context, req TenderRequest, show func(Progress)) (pos.Tender, error)
}

// TenderVoider is a tender provider that can cancel, through its device, a
// payment it took on a sale not committed yet (the card terminal's
// cancellation, or a credit of the same amount where it has none). It
// answers like Pay: a tender of -t.Amount, approved, refused, or
// unverified to be read off the terminal's slip.
type TenderVoider interface {
	Void(ctx context.Context, req TenderRequest, t pos.Tender, show func(Progress)) (pos.Tender, error)
}

// TenderRequest is what a tender provider is asked to collect.
type TenderRequest struct {
	Amount   pos.Money // always positive, also for a refund
	Lang     pos.Lang
	Shop     pos.Shop
	Cashier  string
	Terminal string
	// Refund asks to give Amount back (a card credit); the tender returned
	// then has a negative Amount.
	Refund bool
	// Record receives the name of the manager who approved, with a PIN,
	// recording the payment as "paid — to verify" (the button shown while
	// Progress.CanRecord). The provider answers with a StatusUnverified
	// tender carrying that name in ApprovedBy.
	Record <-chan string
}

// Progress is what the pay screen shows while a tender is in progress.
type Progress struct {
	Message string      // already translated
	Image   image.Image // a QR code to show the customer, or nil
	// Countdown is the time left before the code expires; shown when
	// ShowCountdown is set.
	Countdown     time.Duration
	ShowCountdown bool
	// Warn shows Message as a warning (offline, expired unconfirmed).
	Warn bool
	// CanRecord offers the "paid — to verify" button (see
	// TenderRequest.Record).
	CanRecord bool
	// Demo says the code cannot be paid (the demo merchant).
	Demo bool
}

// Level is the health of a device or link shown in the status bar.
type Level int

const (
	LevelUnknown Level = iota // not configured: the slot shows a dash
	LevelOK
	LevelWarn
	LevelDown
)

// State is what the status bar shows for the network or the printer.
type State struct {
	Level Level
	Text  string // short, already translated; "" shows the level's word
	// Alone says the till has never been enrolled with a platform: the
	// status bar's sync slot then shows Text alone, in a seller's words,
	// with no count of documents waiting for a platform there is not.
	Alone bool
}

// SetNetwork shows the network/sync state in the status bar. It is safe to
// call from any goroutine (the sync client calls it).
func (u *UI) SetNetwork(s State) {
	u.mu.Lock()
	u.net = s
	u.mu.Unlock()
	fyne.Do(u.refreshStatus)
}

// SetPrinter shows the printer state in the status bar. It is safe to call
// from any goroutine (the print worker calls it).
func (u *UI) SetPrinter(s State) {
	u.mu.Lock()
	u.printer = s
	u.mu.Unlock()
	fyne.Do(u.refreshStatus)
}

// Changed tells the UI that the store changed behind its back (sync
// acknowledged documents, a print job finished): the status bar re-reads
// its counters. Safe from any goroutine.
func (u *UI) Changed() { fyne.Do(u.refreshStatus) }
