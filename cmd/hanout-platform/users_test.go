package main

import (
	"bytes"
	"strings"
	"testing"

	"hanout/sync/platform"
	"hanout/sync/platform/boltstore"
)

func TestUserAddReadsThePasswordOnStdin(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if c := run([]string{"merchant", "add", "--data", dir, "--city", "Fès", "--category", "poterie", "Coop"}, &out, &errb); c != 0 {
		t.Fatalf("merchant add: %d %s", c, errb.String())
	}
	m := strings.TrimSpace(out.String())
	old := stdin
	defer func() { stdin = old }()
	stdin = strings.NewReader("court\n")
	if c := run([]string{"user", "add", "--data", dir, "--merchant", m, "--name", "Fatima", "--email", "f@coop.ma"}, &out, &errb); c != exitUsage || !strings.Contains(errb.String(), "10") {
		t.Fatalf("short password: %d %s", c, errb.String())
	}
	stdin = strings.NewReader("un mot de passe long\n")
	out.Reset()
	if c := run([]string{"user", "add", "--data", dir, "--merchant", m, "--name", "Fatima", "--email", "F@Coop.ma", "--role", "accountant"}, &out, &errb); c != 0 {
		t.Fatalf("user add: %d %s", c, errb.String())
	}
	stdin = strings.NewReader("un autre mot de passe\n")
	errb.Reset()
	if c := run([]string{"user", "add", "--data", dir, "--merchant", m, "--name", "Other", "--email", "f@coop.ma"}, &out, &errb); c == 0 || !strings.Contains(errb.String(), "another user") {
		t.Fatalf("same email again: %d %s", c, errb.String())
	}
	st, err := boltstore.Open(dir, boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, err := st.UserByEmail("f@coop.ma")
	if err != nil || u.Merchant != m || u.Role != platform.RoleAccountant || !platform.CheckPassword(u.PasswordHash, "un mot de passe long") || strings.Contains(u.PasswordHash, "long") {
		t.Fatalf("user: %+v %v", u, err)
	}
	if mm, _ := st.Merchant(m); mm.City != "Fès" || mm.Category != "poterie" {
		t.Fatalf("merchant: %+v", mm)
	}
}
