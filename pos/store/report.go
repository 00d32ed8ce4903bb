package store

import (
	bolt "go.etcd.io/bbolt"

	"hanout/pos"
)

// XReport is the open shift so far.
func (s *Store) XReport() (*pos.Report, error) {
	id := s.OpenShift()
	if id == "" {
		return nil, pos.Errorf("shift.not_open")
	}
	return s.ShiftReport(id)
}

// ShiftReport builds the report of one shift (a Z report once closed),
// with the perpetual grand totals as they stand now.
func (s *Store) ShiftReport(id string) (*pos.Report, error) {
	docs, err := s.Shift(id)
	if err != nil {
		return nil, err
	}
	if len(docs) == 0 {
		return nil, pos.Errorf("shift.not_found", id)
	}
	// Settlements of unverified tenders may come on later days: find them
	// through the checks index, by sale.
	var ids []string
	for _, d := range docs {
		for _, t := range d.Tenders {
			if t.Status == pos.StatusUnverified {
				ids = append(ids, d.ID)
				break
			}
		}
	}
	checks, err := s.checksOf(ids)
	if err != nil {
		return nil, err
	}
	r := pos.BuildReport(append(docs, checks...))
	r.Fingerprint = pos.Fingerprint(s.Hash(docs[len(docs)-1].Seq))
	if r.Kind == "X" {
		// An open shift shows the totals as they stand; a Z report
		// shows those its close recorded.
		c := s.Counters()
		r.GrandTotal, r.GrandRefund = c.GrandTotal, c.GrandRefund
	}
	return r, nil
}

func (s *Store) checksOf(saleIDs []string) (out []*pos.Document, err error) {
	if len(saleIDs) == 0 {
		return nil, nil
	}
	err = s.db.View(func(tx *bolt.Tx) error {
		for _, id := range saleIDs {
			var err error
			if out, err = indexed(tx, bIndex, ixKey(ixCheck, []byte(id)), out); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// ZReports returns the Z reports of the shifts closed on date
// ("2006-01-02"), reading that day's index only. With date "" it returns
// the last closed shift's.
func (s *Store) ZReports(date string) ([]*pos.Report, error) {
	var ids []string
	if date == "" {
		var last string
		err := s.lastClose(&last)
		if err != nil {
			return nil, err
		}
		if last != "" {
			ids = append(ids, last)
		}
	} else {
		docs, err := s.Days(date, date)
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			if d.Kind == pos.KindShiftClose {
				ids = append(ids, d.Shift)
			}
		}
	}
	var out []*pos.Report
	for _, id := range ids {
		r, err := s.ShiftReport(id)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// lastClose walks the journal backwards to the last shift close.
func (s *Store) lastClose(id *string) error {
	c := s.Counters()
	for seq := c.Seq; seq > 0; seq-- {
		d, err := s.Document(seq)
		if err != nil {
			return err
		}
		if d.Kind == pos.KindShiftClose {
			*id = d.Shift
			return nil
		}
	}
	return nil
}
