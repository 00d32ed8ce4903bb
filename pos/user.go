package pos

import (
	"strings"

	"golang.org/x/crypto/bcrypt"
)

// Role is what a user may do at the till.
type Role string

const (
	RoleCashier Role = "cashier"
	// RoleManager may also refund, sell below a floor price, take cash out
	// and close the day.
	RoleManager Role = "manager"
)

// User is a person who rings up sales. The PIN is only kept as a bcrypt
// hash.
type User struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Role    Role   `json:"role"`
	PINHash []byte `json:"pin_hash"`
	Active  bool   `json:"active"`
}

// PINCost is the bcrypt cost for PIN hashes. A PIN has at most a million
// values, so the hash only slows an attacker holding the file; the till
// still answers a PIN tap well within a second.
var PINCost = bcrypt.DefaultCost

// ValidPIN reports whether pin is 4 to 6 digits.
func ValidPIN(pin string) bool {
	if len(pin) < 4 || len(pin) > 6 {
		return false
	}
	return strings.Trim(pin, "0123456789") == ""
}

// SetPIN stores the hash of a new PIN.
func (u *User) SetPIN(pin string) error {
	if !ValidPIN(pin) {
		return Errorf("auth.pin_format")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pin), PINCost)
	if err != nil {
		return err
	}
	u.PINHash = h
	return nil
}

// CheckPIN reports whether pin is the user's PIN.
func (u *User) CheckPIN(pin string) bool {
	return u.Active && ValidPIN(pin) && bcrypt.CompareHashAndPassword(u.PINHash, []byte(pin)) == nil
}

// Authorize returns the first active user of users with the given role (or
// a manager, who may do anything a cashier may) whose PIN is pin.
func Authorize(users []User, pin string, role Role) (*User, error) {
	if !ValidPIN(pin) {
		return nil, Errorf("auth.pin_format")
	}
	for i := range users {
		u := &users[i]
		if role == RoleManager && u.Role != RoleManager {
			continue
		}
		if u.CheckPIN(pin) {
			return u, nil
		}
	}
	if role == RoleManager {
		return nil, Errorf("auth.manager_wrong_pin")
	}
	return nil, Errorf("auth.wrong_pin")
}
