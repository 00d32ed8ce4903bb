package storagetest

import (
	"errors"
	"testing"
	"time"

	"hanout/sync/platform"
)

// usersListedAndRemoved: a merchant's users are listed by email, only
// its own; removing one removes its sessions too, and only a user of
// that merchant can be removed through it.
func usersListedAndRemoved(t *testing.T, a, b platform.Storage) {
	s := setup(t, a, "Coop", "STAND-1")
	o := setup(t, a, "Other", "STAND-2")
	add := func(m, name, email, role string) platform.User {
		u, err := a.AddUser(platform.User{Merchant: m, Name: name, Email: email, Role: role, PasswordHash: "$2a$10$x"})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	zineb := add(s.M.ID, "Zineb", "zineb@coop.ma", platform.RoleAccountant)
	fatima := add(s.M.ID, "Fatima", "fatima@coop.ma", platform.RoleManager)
	omar := add(o.M.ID, "Omar", "omar@other.ma", platform.RoleManager)
	us, err := b.Users(s.M.ID)
	if err != nil || len(us) != 2 || us[0].ID != fatima.ID || us[1].ID != zineb.ID || us[1].Role != platform.RoleAccountant {
		t.Fatalf("users: %+v %v", us, err)
	}
	if _, err := b.Users("m-nobody"); !errors.Is(err, platform.ErrNotFound) {
		t.Fatalf("users of no merchant: %v", err)
	}
	for _, u := range []platform.User{zineb, omar} {
		if err := a.AddSession(platform.Session{Hash: platform.Hash("s-" + u.ID), User: u.ID, Merchant: u.Merchant, Role: u.Role, CSRF: "c", Expires: day.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	if se, err := b.Session(platform.Hash("s-"+zineb.ID), day); err != nil || se.Role != platform.RoleAccountant {
		t.Fatalf("session keeps the role: %+v %v", se, err)
	}
	if err := b.DeleteUser(s.M.ID, omar.ID); !errors.Is(err, platform.ErrNotFound) {
		t.Fatalf("another merchant's user removed through this one: %v", err)
	}
	if err := b.DeleteUser(s.M.ID, zineb.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Session(platform.Hash("s-"+zineb.ID), day); !errors.Is(err, platform.ErrNotFound) {
		t.Fatalf("the removed user's session lives on: %v", err)
	}
	if _, err := a.UserByEmail("zineb@coop.ma"); !errors.Is(err, platform.ErrNotFound) {
		t.Fatalf("the removed user logs in: %v", err)
	}
	if _, err := a.Session(platform.Hash("s-"+omar.ID), day); err != nil {
		t.Fatalf("another user's session went too: %v", err)
	}
	if us, err := a.Users(s.M.ID); err != nil || len(us) != 1 || us[0].ID != fatima.ID {
		t.Fatalf("users after removal: %+v %v", us, err)
	}
	if err := a.DeleteUser(s.M.ID, zineb.ID); !errors.Is(err, platform.ErrNotFound) {
		t.Fatalf("removed twice: %v", err)
	}
	// The email is free again.
	add(s.M.ID, "Zineb", "zineb@coop.ma", platform.RoleManager)
}
