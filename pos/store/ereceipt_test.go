package store

import "testing"

// "No paper": the sale's waiting original goes off the queue, the sale
// and other jobs stay, and a later Print is the original again.
func TestCancelOriginalTakesOnlyThatReceiptsFirstCopy(t *testing.T) {
	s, _ := openTemp(t)
	seedProducts(t, s)
	sh := openShift(t, s)
	s.SetPrintOnCommit(true)
	a := sell(t, s, sh, "TAJ", 1)
	b := sell(t, s, sh, "ARG", 1)
	if err := s.EnqueuePrint(a.Receipt); err != nil { // a copy from history
		t.Fatal(err)
	}
	ok, err := s.CancelOriginal(a.Receipt)
	if err != nil || !ok {
		t.Fatalf("cancel: %v %v", ok, err)
	}
	jobs, _ := s.PendingPrints()
	if len(jobs) != 2 || jobs[0].Receipt != b.Receipt || jobs[0].Reprint || jobs[1].Receipt != a.Receipt || !jobs[1].Reprint {
		t.Fatalf("jobs after cancel: %+v", jobs)
	}
	// The sale is untouched.
	if got, err := s.ByReceipt(a.Receipt); err != nil || got.ID != a.ID || got.Key != a.Key || got.Key == "" {
		t.Fatalf("sale after cancel: %+v %v", got, err)
	}
	// Nothing left to cancel.
	if ok, err := s.CancelOriginal(a.Receipt); err != nil || ok {
		t.Fatalf("second cancel: %v %v", ok, err)
	}
	// The customer changes their mind: Print gives the original.
	if err := s.EnqueueOriginal(a.Receipt); err != nil {
		t.Fatal(err)
	}
	jobs, _ = s.PendingPrints()
	if last := jobs[len(jobs)-1]; last.Receipt != a.Receipt || last.Reprint {
		t.Fatalf("print after no paper: %+v", last)
	}
	// Printed already (the printer took it): nothing to cancel; a later
	// Print is a copy.
	for _, j := range jobs {
		if j.Receipt == b.Receipt {
			s.PrintDone(j.ID)
		}
	}
	if ok, err := s.CancelOriginal(b.Receipt); err != nil || ok {
		t.Fatalf("cancel after printing: %v %v", ok, err)
	}
	s.EnqueueOriginal(b.Receipt)
	jobs, _ = s.PendingPrints()
	if last := jobs[len(jobs)-1]; last.Receipt != b.Receipt || !last.Reprint {
		t.Fatalf("print after printed: %+v", last)
	}
}
