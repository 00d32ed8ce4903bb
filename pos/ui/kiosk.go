package ui

import "hanout/pos"

// AskManagerPIN asks for a manager's PIN on the keypad dialog, under
// title, and calls done once a manager's PIN is accepted; Cancel calls
// nothing. On the UI goroutine. The kiosk mode asks it before the till may
// be left or its kiosk setting changed.
func (u *UI) AskManagerPIN(title string, done func()) {
	u.askPIN(title, pos.RoleManager, func(*pos.User) { done() })
}
