package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"hanout/pos"
	"hanout/pos/i18n"
	"hanout/sync/platform"
)

// stdin is where user add reads the password (tests replace it).
var stdin io.Reader = os.Stdin

func merchantPlace(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("merchant place", stderr)
	loc := storeFlags(fs)
	merchant := fs.String("merchant", "", "merchant id")
	city := fs.String("city", "", "the merchant's city (its region in the programme's figures)")
	category := fs.String("category", "", "the merchant's craft")
	rest, err := parse(fs, args)
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if err != nil || len(rest) != 0 || *merchant == "" || !set["city"] && !set["category"] {
		fmt.Fprintln(stderr, "Usage: hanout-platform merchant place (--data DIR | --db URL) --merchant ID [--city CITY] [--category CRAFT]   (at least one; the other stays)")
		return usageExit(err)
	}
	return withStore(loc, stderr, func(st platform.Storage) error {
		m, err := st.Merchant(*merchant)
		if err != nil {
			return err
		}
		if set["city"] {
			m.City = *city
		}
		if set["category"] {
			m.Category = *category
		}
		return st.SetPlace(m.ID, m.City, m.Category)
	})
}

// userAdd creates a merchant's web user. The password is the first line
// of standard input, never an argument (arguments show in ps and in the
// shell's history).
func userAdd(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("user add", stderr)
	loc := storeFlags(fs)
	merchant := fs.String("merchant", "", "merchant id")
	name := fs.String("name", "", "the person's name")
	email := fs.String("email", "", "the email they log in with")
	role := fs.String("role", platform.RoleManager, "manager or accountant")
	rest, err := parse(fs, args)
	if err != nil || len(rest) != 0 || *merchant == "" || *name == "" || *email == "" {
		fmt.Fprintln(stderr, "Usage: hanout-platform user add (--data DIR | --db URL) --merchant ID --name NAME --email E [--role manager|accountant] < password")
		return usageExit(err)
	}
	if *role != platform.RoleManager && *role != platform.RoleAccountant {
		fmt.Fprintf(stderr, "hanout-platform: --role %q: manager or accountant\n", *role)
		return exitUsage
	}
	line, err := bufio.NewReader(io.LimitReader(stdin, 4096)).ReadString('\n')
	if err != nil && err != io.EOF {
		fmt.Fprintf(stderr, "hanout-platform: reading the password: %v\n", err)
		return exitFail
	}
	hash, err := platform.HashPassword(strings.TrimRight(line, "\r\n"))
	if err != nil {
		fmt.Fprintf(stderr, "hanout-platform: %s\n", i18n.Error(pos.EN, err))
		return exitUsage
	}
	return withStore(loc, stderr, func(st platform.Storage) error {
		u, err := st.AddUser(platform.User{Merchant: *merchant, Name: *name, Email: *email, Role: *role, PasswordHash: hash})
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, u.ID)
		return nil
	})
}
