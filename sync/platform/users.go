package platform

import (
	"fmt"
	"net/mail"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"hanout/pos"
)

// Roles of a merchant's web user. An accountant reads: every figure,
// table and CSV of the merchant's pages. A manager also acts: the forms
// of the merchant's users page (add a manager or an accountant, remove a
// user and their sessions). The admin can do all of it for any merchant.
const (
	RoleManager    = "manager"
	RoleAccountant = "accountant"
)

// User is a person who logs in to a merchant's pages. Only the bcrypt
// hash of the password is kept.
type User struct {
	ID           string    `json:"id"`
	Merchant     string    `json:"merchant"`
	Name         string    `json:"name"`
	Email        string    `json:"email"`
	Role         string    `json:"role"`
	PasswordHash string    `json:"password_hash"`
	Created      time.Time `json:"created"`
}

// Session is a logged-in browser. Only the hash of its cookie is kept.
// Admin sessions (the admin token given at /login) carry no merchant.
type Session struct {
	Hash     string `json:"hash"`
	User     string `json:"user"` // user id, or "admin"
	Name     string `json:"name"`
	Merchant string `json:"merchant,omitempty"`
	// Role is the user's role when they logged in (a session of before
	// roles has none: it acts as an accountant until logged in again).
	Role    string    `json:"role,omitempty"`
	Admin   bool      `json:"admin,omitempty"`
	CSRF    string    `json:"csrf"`
	Expires time.Time `json:"expires"`
}

// CheckUser normalises and checks a user before it is stored.
func CheckUser(u User) (User, error) {
	u.Email = NormalEmail(u.Email)
	u.Name = strings.TrimSpace(u.Name)
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email || len(u.Email) > 254 {
		return u, fmt.Errorf("email %q: %w", u.Email, ErrInvalid)
	}
	if u.Name == "" || len(u.Name) > 128 {
		return u, fmt.Errorf("user name: %w", ErrInvalid)
	}
	if u.Role != RoleManager && u.Role != RoleAccountant {
		return u, fmt.Errorf("role %q (manager or accountant): %w", u.Role, ErrInvalid)
	}
	if u.PasswordHash == "" {
		return u, fmt.Errorf("password: %w", ErrInvalid)
	}
	if u.ID == "" {
		u.ID = "u-" + NewSecret(5)
	}
	if u.Created.IsZero() {
		u.Created = time.Now().UTC().Truncate(time.Microsecond)
	}
	return u, nil
}

// NormalEmail is how emails are compared: trimmed, lower case.
func NormalEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

// MinPassword is the shortest password accepted.
const MinPassword = 10

// HashPassword returns the bcrypt hash of a password of at least
// MinPassword characters (at most 72 bytes, bcrypt's limit).
func HashPassword(pw string) (string, error) {
	if len([]rune(pw)) < MinPassword {
		return "", pos.Errorf("web.password_short", MinPassword)
	}
	if len(pw) > 72 {
		return "", pos.Errorf("web.password_long")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pw), BcryptCost)
	return string(h), err
}

// CheckPassword reports whether pw is the password hash was made from.
func CheckPassword(hash, pw string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) == nil
}

// BcryptCost is the work factor of new password hashes (tests lower it).
var BcryptCost = bcrypt.DefaultCost

// dummyHash is compared against when no user has the email, so a wrong
// email takes as long as a wrong password. Made on first use.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("hanout-no-such-user"), BcryptCost)
	return h
})
