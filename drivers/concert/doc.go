// Package concert talks to a bank card terminal: the till sends an amount,
// the terminal takes the card and answers approved or refused.
//
// Protocols sit behind the Terminal interface so another can be added:
//
//   - Concert V2, messages "E" and "E+", over serial (USB-CDC or RS-232);
//   - Caisse-AP V3 (tag-length-value) over serial, framed like Concert V2;
//   - Caisse-AP V3 over TCP, raw text.
//
// The serial protocols take any io.ReadWriter (a serial port, a
// pseudo-terminal, a TCP bridge) and run the whole exchange: ENQ/ACK, the
// framed request, EOT, the role swap, the framed answer acknowledged on its
// LRC, EOT.
//
// # The one invariant
//
// Once the terminal has acknowledged the request frame it owns the
// transaction: the customer may pay at any moment. From then on nothing that
// goes wrong on the till's side (a cut cable, a timeout, a garbled answer,
// the seller pressing Cancel) tells us whether money moved. Pay then returns
// Outcome Ambiguous and an error matching ErrAmbiguous, and it never sends
// the request again by itself: the seller reads the terminal's own slip and
// records the result. Before that acknowledgement a failure matches
// ErrNotSent: the terminal never took the request and it is safe to retry.
//
// # Card data
//
// Card data is kept structurally: from the terminal's card field (the first
// word of a Concert report, the Caisse-AP AA field) only the first six and
// the last four digits survive, with the brand they tell (CardFrom); the
// rest of the report and any field the till does not read are dropped when
// the answer is decoded. The few texts kept beside the card (authorisation
// code, reference, reason, entry mode) lose any run of digits they share
// with the card field, and traces show only what a Result keeps. Every
// string of a Result then still goes through Mask.
//
// # Cancel
//
// Kind Cancel voids an earlier debit: Caisse-AP CD=2; Concert V2, where no
// cancellation code is agreed, sends a credit of the same amount.
package concert
