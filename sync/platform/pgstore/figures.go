package pgstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"hanout/pos"
	"hanout/sync/platform"
)

// The kept figures (migration 0016): days (what the programme reads) and
// day_hours, day_tenders, day_products (the rest of a merchant's day book,
// what its page reads), days in platform.Zone; terminals.refused.

// figuresVersion names how the figures are computed today (figures_state).
const figuresVersion = "books-1 " + platform.ZoneName

// addBooks adds the books of newly stored documents to their days: one
// statement for the whole push, whatever its size.
func addBooks(ctx context.Context, tx pgx.Tx, merchant string, docs []*pos.Document) error {
	f := &fold{}
	if err := queueBooks(f, merchant, docs); err != nil || f.Len() == 0 {
		return err
	}
	b := &pgx.Batch{}
	f.queue(b)
	return tx.SendBatch(ctx, b).Close()
}

// queueBooks queues addBooks's statements in q: a day's totals, by hour,
// by kind of tender, by product.
func queueBooks(q queuer, merchant string, docs []*pos.Document) error {
	books := platform.DayBooksOf(docs)
	if len(books) == 0 {
		return nil
	}
	var (
		days                                 texts
		sales, refunds, nets, cash, card, qr int8s
		account, eur, usd, other             int8s
		hDays                                texts
		hHours                               []int32
		hSales, hRefunds, hNets              int8s
		tDays, tKinds                        texts
		tAmounts                             int8s
		pDays, pSKUs, pNames                 texts
		pQtys, pAmounts                      int8s
	)
	for _, b := range books {
		days = append(days, b.Day)
		sales, refunds, nets = append(sales, int64(b.Sales)), append(refunds, int64(b.Refunds)), append(nets, int64(b.Net))
		cash, card, qr = append(cash, int64(b.Cash)), append(card, int64(b.Card)), append(qr, int64(b.QR))
		account, eur, usd, other = append(account, int64(b.Account)), append(eur, int64(b.EUR)), append(usd, int64(b.USD)), append(other, int64(b.Other))
		for h, f := range b.Hours {
			if f != (platform.HourFigure{}) {
				hDays, hHours = append(hDays, b.Day), append(hHours, int32(h))
				hSales, hRefunds, hNets = append(hSales, int64(f.Sales)), append(hRefunds, int64(f.Refunds)), append(hNets, int64(f.Net))
			}
		}
		for k, a := range b.Tenders {
			tDays, tKinds, tAmounts = append(tDays, b.Day), append(tKinds, k), append(tAmounts, int64(a))
		}
		for sku, p := range b.Products {
			name, err := json.Marshal(p.Name)
			if err != nil {
				return err
			}
			pDays, pSKUs, pNames = append(pDays, b.Day), append(pSKUs, sku), append(pNames, string(name))
			pQtys, pAmounts = append(pQtys, p.Qty), append(pAmounts, int64(p.Amount))
		}
	}
	q.Queue(`INSERT INTO days (merchant, day, sales, refunds, net, cash, card, qr, account, eur, usd, other)
		SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[],
			$8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[])
		ON CONFLICT (merchant, day) DO UPDATE SET sales = days.sales + excluded.sales,
			refunds = days.refunds + excluded.refunds, net = days.net + excluded.net,
			cash = days.cash + excluded.cash, card = days.card + excluded.card, qr = days.qr + excluded.qr,
			account = days.account + excluded.account, eur = days.eur + excluded.eur,
			usd = days.usd + excluded.usd, other = days.other + excluded.other`,
		merchant, days, sales, refunds, nets, cash, card, qr, account, eur, usd, other)
	q.Queue(`INSERT INTO day_hours (merchant, day, hour, sales, refunds, net)
		SELECT $1, * FROM unnest($2::text[], $3::integer[], $4::bigint[], $5::bigint[], $6::bigint[])
		ON CONFLICT (merchant, day, hour) DO UPDATE SET sales = day_hours.sales + excluded.sales,
			refunds = day_hours.refunds + excluded.refunds, net = day_hours.net + excluded.net`,
		merchant, hDays, hHours, hSales, hRefunds, hNets)
	q.Queue(`INSERT INTO day_tenders (merchant, day, kind, amount)
		SELECT $1, * FROM unnest($2::text[], $3::text[], $4::bigint[])
		ON CONFLICT (merchant, day, kind) DO UPDATE SET amount = day_tenders.amount + excluded.amount`,
		merchant, tDays, tKinds, tAmounts)
	q.Queue(`INSERT INTO day_products (merchant, day, sku, name, qty, amount)
		SELECT $1, d, s, n::jsonb, q, a FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[]) AS u(d, s, n, q, a)
		ON CONFLICT (merchant, day, sku) DO UPDATE SET name = excluded.name,
			qty = day_products.qty + excluded.qty, amount = day_products.amount + excluded.amount`,
		merchant, pDays, pSKUs, pNames, pQtys, pAmounts)
	return nil
}

// DayBooks returns a merchant's kept books of days from..to.
func (s *Store) DayBooks(merchant, from, to string) (out []platform.DayBook, err error) {
	err = s.read(func(ctx context.Context) error {
		if err := s.knownMerchant(ctx, merchant); err != nil {
			return err
		}
		b := &pgx.Batch{}
		b.Queue(`SELECT day, sales, refunds, net, cash, card, qr, account, eur, usd, other
			FROM days WHERE merchant = $1 AND day >= $2 AND day <= $3 ORDER BY day`, merchant, from, to)
		b.Queue(`SELECT day, hour, sales, refunds, net FROM day_hours WHERE merchant = $1 AND day >= $2 AND day <= $3`, merchant, from, to)
		b.Queue(`SELECT day, kind, amount FROM day_tenders WHERE merchant = $1 AND day >= $2 AND day <= $3`, merchant, from, to)
		b.Queue(`SELECT day, sku, name, qty, amount FROM day_products WHERE merchant = $1 AND day >= $2 AND day <= $3`, merchant, from, to)
		br := s.pool.SendBatch(ctx, b)
		defer br.Close()
		idx := map[string]int{}
		rows, err := br.Query()
		if err != nil {
			return err
		}
		for rows.Next() {
			var d platform.DayBook
			var v [10]int64
			if err := rows.Scan(&d.Day, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]); err != nil {
				rows.Close()
				return err
			}
			d.Merchant = merchant
			d.Sales, d.Refunds, d.Net = int(v[0]), int(v[1]), pos.Money(v[2])
			d.Cash, d.Card, d.QR = pos.Money(v[3]), pos.Money(v[4]), pos.Money(v[5])
			d.Account, d.EUR, d.USD, d.Other = pos.Money(v[6]), pos.Money(v[7]), pos.Money(v[8]), pos.Money(v[9])
			idx[d.Day] = len(out)
			out = append(out, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		book := func(day string) *platform.DayBook {
			i, ok := idx[day]
			if !ok {
				return nil
			}
			return &out[i]
		}
		if rows, err = br.Query(); err != nil {
			return err
		}
		for rows.Next() {
			var day string
			var h int32
			var sa, re, ne int64
			if err := rows.Scan(&day, &h, &sa, &re, &ne); err != nil {
				rows.Close()
				return err
			}
			if d := book(day); d != nil && h >= 0 && h < 24 {
				d.Hours[h] = platform.HourFigure{Sales: int(sa), Refunds: int(re), Net: pos.Money(ne)}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if rows, err = br.Query(); err != nil {
			return err
		}
		for rows.Next() {
			var day, kind string
			var a int64
			if err := rows.Scan(&day, &kind, &a); err != nil {
				rows.Close()
				return err
			}
			if d := book(day); d != nil {
				if d.Tenders == nil {
					d.Tenders = map[string]pos.Money{}
				}
				d.Tenders[kind] = pos.Money(a)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if rows, err = br.Query(); err != nil {
			return err
		}
		for rows.Next() {
			var day, sku string
			var name []byte
			var q, a int64
			if err := rows.Scan(&day, &sku, &name, &q, &a); err != nil {
				rows.Close()
				return err
			}
			p := platform.ProductDay{Qty: q, Amount: pos.Money(a)}
			if err := json.Unmarshal(name, &p.Name); err != nil {
				rows.Close()
				return fmt.Errorf("pgstore: damaged product name %s: %w", sku, err)
			}
			if d := book(day); d != nil {
				if d.Products == nil {
					d.Products = map[string]platform.ProductDay{}
				}
				d.Products[sku] = p
			}
		}
		rows.Close()
		return rows.Err()
	})
	return out, wrap(err)
}

// Adoption counts merchants and tills, and those active by now, in SQL.
func (s *Store) Adoption(now time.Time) (a platform.Adoption, err error) {
	now = now.UTC()
	err = s.read(func(ctx context.Context) error {
		if err := s.pool.QueryRow(ctx, "SELECT count(*) FROM merchants").Scan(&a.Merchants); err != nil {
			return err
		}
		return s.pool.QueryRow(ctx, `SELECT
			count(*) FILTER (WHERE token_hash <> ''),
			count(*) FILTER (WHERE last_contact >= $1),
			count(*) FILTER (WHERE last_contact >= $2),
			count(DISTINCT merchant) FILTER (WHERE last_contact >= $1),
			count(DISTINCT merchant) FILTER (WHERE last_contact >= $2)
			FROM terminals`, now.Add(-7*24*time.Hour), now.Add(-30*24*time.Hour)).
			Scan(&a.TillsEnrolled, &a.Active7, &a.Active30, &a.MerchantsActive7, &a.MerchantsActive30)
	})
	return a, wrap(err)
}

// refigure computes the kept figures again from the documents, merchant
// by merchant (each under its lock, so a push meanwhile is counted once),
// and the terminals' refused counts from the anchors, when figures_state
// says they were computed otherwise.
func refigure(ctx context.Context, s *Store) error {
	var v string
	if err := s.pool.QueryRow(ctx, "SELECT version FROM figures_state").Scan(&v); err != nil {
		return fmt.Errorf("pgstore: figures state: %w", err)
	}
	if v == figuresVersion {
		return nil
	}
	ms, err := s.Merchants()
	if err != nil {
		return err
	}
	for _, m := range ms {
		err := s.write(m.ID, func(ctx context.Context, tx pgx.Tx) error {
			if _, err := lockMerchant(ctx, tx, m.ID); err != nil {
				return err
			}
			for _, t := range []string{"days", "day_hours", "day_tenders", "day_products"} {
				if _, err := tx.Exec(ctx, "DELETE FROM "+t+" WHERE merchant = $1", m.ID); err != nil {
					return err
				}
			}
			var docs []*pos.Document
			if err := readJSON(ctx, tx, "damaged document", func(d pos.Document) { docs = append(docs, &d) },
				"SELECT raw FROM documents WHERE merchant = $1 AND kind IN ('sale', 'refund')", m.ID); err != nil {
				return err
			}
			return addBooks(ctx, tx, m.ID, docs)
		})
		if err != nil {
			return fmt.Errorf("pgstore: computing the figures of %s again: %w", m.ID, err)
		}
	}
	err = s.write("", func(ctx context.Context, tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE terminals t SET refused = coalesce((SELECT count(*) FROM anchors a
			WHERE a.merchant = t.merchant AND split_part(a.terminal, '/', 1) = t.terminal AND a.anchor->>'state' = 'rejected'), 0)`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "UPDATE figures_state SET version = $1", figuresVersion)
		return err
	})
	return err
}

// sumCols are the summed figure columns of ProgrammeSums' queries.
const sumCols = `sum(d.sales)::bigint, sum(d.refunds)::bigint, sum(d.net)::bigint, sum(d.cash)::bigint, sum(d.card)::bigint,
	sum(d.qr)::bigint, sum(d.account)::bigint, sum(d.eur)::bigint, sum(d.usd)::bigint, sum(d.other)::bigint`

// ProgrammeSums sums the kept figures of days from..to in SQL: the
// programme's page receives a row per day and per city and craft, never
// one per merchant.
func (s *Store) ProgrammeSums(from, to string) (out platform.Sums, err error) {
	err = s.read(func(ctx context.Context) error {
		b := &pgx.Batch{}
		b.Queue(`SELECT d.day, 0, `+sumCols+` FROM days d WHERE d.day >= $1 AND d.day <= $2 GROUP BY d.day ORDER BY d.day`, from, to)
		b.Queue(`SELECT m.city, count(DISTINCT d.merchant), `+sumCols+` FROM days d JOIN merchants m ON m.merchant = d.merchant
			WHERE d.day >= $1 AND d.day <= $2 GROUP BY m.city`, from, to)
		b.Queue(`SELECT m.category, count(DISTINCT d.merchant), `+sumCols+` FROM days d JOIN merchants m ON m.merchant = d.merchant
			WHERE d.day >= $1 AND d.day <= $2 GROUP BY m.category`, from, to)
		br := s.pool.SendBatch(ctx, b)
		defer br.Close()
		for i, dst := range []*[]platform.GroupFigure{nil, &out.Cities, &out.Categories} {
			rows, err := br.Query()
			if err != nil {
				return err
			}
			for rows.Next() {
				var g platform.GroupFigure
				var n int64
				var v [10]int64
				if err := rows.Scan(&g.Name, &n, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]); err != nil {
					rows.Close()
					return err
				}
				g.Merchants = int(n)
				g.Sales, g.Refunds, g.Net = int(v[0]), int(v[1]), pos.Money(v[2])
				g.Cash, g.Card, g.QR = pos.Money(v[3]), pos.Money(v[4]), pos.Money(v[5])
				g.Account, g.EUR, g.USD, g.Other = pos.Money(v[6]), pos.Money(v[7]), pos.Money(v[8]), pos.Money(v[9])
				if i == 0 {
					g.Day = g.Name
					out.Days = append(out.Days, g.DayFigure)
				} else {
					*dst = append(*dst, g)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		platform.SortGroups(out.Cities)
		platform.SortGroups(out.Categories)
		return nil
	})
	return out, wrap(err)
}
