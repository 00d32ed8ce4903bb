package main

import (
	"fmt"
	"strconv"
	"strings"

	"hanout/pos"
	tillsync "hanout/sync"
)

// hanout receipt link N: the address of receipt N's digital copy on the
// platform, the one its QR code carries.

const receiptLinkUsage = "hanout receipt link RECEIPT [--data DIR]"

func runReceiptLink(args []string) int {
	fs, data := newFlags("receipt link", receiptLinkUsage)
	if code := parse(fs, args, 1); code >= 0 {
		return code
	}
	num := fs.Arg(0)
	n, err := strconv.ParseUint(strings.TrimLeft(num, "0"), 10, 64)
	if err != nil || n == 0 {
		fail("receipt link", pos.Errorf("ereceipt.bad_number", num))
		return exitUsage
	}
	s, err := openStore(*data, false)
	if err != nil {
		return fail("receipt link", err)
	}
	defer s.Close()
	doc, err := s.ByReceipt(n)
	if err != nil {
		return fail("receipt link", err)
	}
	link, err := tillsync.ReceiptLink(s, doc)
	if err != nil {
		return fail("receipt link", err)
	}
	fmt.Fprintln(stdout, link)
	return exitOK
}
