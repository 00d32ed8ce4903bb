// Package store keeps the till's data in one bbolt file: the catalogue,
// users, settings and, above all, the journal of committed documents.
//
// Invariants, each kept by doing the work inside one bbolt transaction:
//   - A committed document is written together with its chain hash (in
//     the same value), its receipt number (sales and refunds), its stock
//     changes, its indexes, the count of unsent documents and its print
//     job. Either all of them are on disk or none is; bbolt fsyncs before
//     Commit returns.
//   - Receipt numbers are allocated from a counter in the same transaction,
//     so they are gapless per terminal even across crashes.
//   - Documents are never rewritten: the journal only grows. Each entry's
//     hash covers its canonical bytes and the previous entry's hash, so an
//     edited byte anywhere breaks the chain from that entry on.
package store

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterr "go.etcd.io/bbolt/errors"

	"hanout/pos"
)

// FileName is the store's file inside the data folder.
const FileName = "hanout.db"

// SchemaVersion is the layout this code reads and writes; migrations bring
// older files up to it.
const SchemaVersion = 3

const magic = "hanout-till"

var (
	bMeta     = []byte("meta")
	bJournal  = []byte("journal")  // seq -> chain hash (32 bytes) || canonical JSON
	bIndex    = []byte("index")    // every index of the journal, by key tag (index.go)
	bRecent   = []byte("recent")   // id -> seq: the last commits' ids, before they join the index (index.go)
	bAcked    = []byte("acked")    // seq -> 1: acknowledged, above the sent floor
	bProducts = []byte("products") // sku -> JSON
	bBarcodes = []byte("barcodes") // barcode -> sku
	bUsers    = []byte("users")    // id -> JSON
	bSettings = []byte("settings") // key -> JSON
	bSeqs     = []byte("seqs")     // name -> counter
	bPrint    = []byte("print")    // job id -> JSON PrintJob
	bParked   = []byte("parked")   // id -> JSON Ticket
	bConflict = []byte("conflicts")
	bOriginal = []byte("original")   // receipt -> nil once its original print was queued
	bQuarant  = []byte("quarantine") // seq -> JSON Quarantined: refused by the platform, kept for good

	allBuckets = [][]byte{bMeta, bJournal, bIndex, bRecent, bAcked, bProducts,
		bBarcodes, bUsers, bSettings, bSeqs, bPrint, bParked, bConflict, bOriginal, bQuarant}

	kMagic      = []byte("magic")
	kSchema     = []byte("schema")
	kTerminal   = []byte("terminal")
	kReceipt    = []byte("receipt")  // last receipt number
	kSeq        = []byte("seq")      // last journal seq
	kLastHash   = []byte("lasthash") // hash of the last journal entry
	kShift      = []byte("shift")    // open shift id, absent when closed
	kGrand      = []byte("grand")    // perpetual sales total
	kGrandRef   = []byte("grandref") // perpetual refunds total (negative)
	kOutboxSize = []byte("outboxn")  // entries not yet acknowledged
	kInstall    = []byte("install")  // random id of this store, never reused
	kAnchored   = []byte("anchored") // highest entry the platform has anchored
	kSent       = []byte("sent")     // every entry up to it is acknowledged or quarantined
	kDayRun     = []byte("dayrun")   // day of the journal's last entry
	kShiftRun   = []byte("shiftrun") // shift of the journal's last entry that has one
	kRcptSeq    = []byte("rcptseq")  // journal position of the last receipt
)

// Store is an open till store. It is safe for concurrent use.
type Store struct {
	db   *bolt.DB
	path string
	// Now is the clock for documents committed without a time.
	Now func() time.Time
	// Location decides which day a document belongs to in reports.
	Location *time.Location

	printOnCommit atomic.Bool
	actor         atomic.Value // string: who makes changes (events.go)
}

// Options tune Open.
type Options struct {
	// Terminal names a new store's terminal; ignored for an existing one.
	Terminal string
	// ReadOnly opens without taking the write lock, for reports on a
	// store another process may hold... bbolt still needs a shared lock.
	ReadOnly bool
	// NoSync skips fsync: only for benchmarks that measure the rest.
	NoSync bool
}

// Open opens or creates the store in dir. A store held by another running
// Hanout gives the "store.locked" error after a second instead of hanging;
// a file that is not a Hanout store gives "store.corrupt" or
// "store.foreign" naming the file, and nothing is written to it.
func Open(dir string, opt Options) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, pos.Wrap(err, "store.folder", dir)
	}
	path := filepath.Join(dir, FileName)
	_, statErr := os.Stat(path)
	fresh := errors.Is(statErr, os.ErrNotExist)
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: opt.ReadOnly, NoSync: opt.NoSync})
	switch {
	case errors.Is(err, bolterr.ErrTimeout):
		return nil, pos.Wrap(err, "store.locked", path)
	case errors.Is(err, bolterr.ErrInvalid), errors.Is(err, bolterr.ErrVersionMismatch), errors.Is(err, bolterr.ErrChecksum):
		return nil, pos.Wrap(err, "store.corrupt", path)
	case err != nil && errors.Is(err, os.ErrPermission):
		return nil, pos.Wrap(err, "store.permission", path)
	case err != nil:
		return nil, pos.Wrap(err, "store.corrupt", path)
	}
	s := &Store{db: db, path: path, Now: time.Now, Location: time.Local}
	if err := s.init(fresh, opt); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) init(fresh bool, opt Options) error {
	if opt.ReadOnly {
		return s.db.View(func(tx *bolt.Tx) error {
			if err := checkMeta(tx, s.path); err != nil {
				return err
			}
			if getU64(tx.Bucket(bMeta).Get(kSchema)) < SchemaVersion {
				// Only an open for writing brings the layout up to date.
				return pos.Errorf("store.old_layout", s.path)
			}
			return nil
		})
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if meta == nil {
			empty := true
			tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil })
			if !fresh && !empty {
				return pos.Errorf("store.foreign", s.path)
			}
			for _, b := range allBuckets {
				if _, err := tx.CreateBucketIfNotExists(b); err != nil {
					return err
				}
			}
			meta = tx.Bucket(bMeta)
			term := opt.Terminal
			if term == "" {
				term = "T-" + pos.NewShortID()
			}
			meta.Put(kMagic, []byte(magic))
			meta.Put(kSchema, u64(SchemaVersion))
			meta.Put(kTerminal, []byte(term))
			meta.Put(kLastHash, make([]byte, sha256.Size))
			meta.Put(kInstall, []byte(newInstallID()))
			return nil
		}
		if err := checkMeta(tx, s.path); err != nil {
			return err
		}
		if err := migrate(tx, s.path); err != nil {
			return err
		}
		if meta.Get(kInstall) == nil { // stores made before the install id
			return meta.Put(kInstall, []byte(newInstallID()))
		}
		return nil
	})
}

// newInstallID is ten random base-32 characters (50 bits): among half a
// million tills the odds that two share one are below one in four
// thousand.
func newInstallID() string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789" // 32: no bias from % 32
	var b [10]byte
	rand.Read(b[:])
	for i := range b {
		b[i] = alphabet[b[i]%32]
	}
	return string(b[:])
}

// InstallID is a random id fixed when the store was created. Unlike the
// terminal label, which sellers often leave at "STAND-1", it tells this
// till apart from every other: QR references are built on it.
func (s *Store) InstallID() string {
	var id string
	s.db.View(func(tx *bolt.Tx) error { id = string(tx.Bucket(bMeta).Get(kInstall)); return nil })
	return id
}

func checkMeta(tx *bolt.Tx, path string) error {
	meta := tx.Bucket(bMeta)
	if meta == nil || string(meta.Get(kMagic)) != magic {
		return pos.Errorf("store.foreign", path)
	}
	if v := getU64(meta.Get(kSchema)); v > SchemaVersion {
		return pos.Errorf("store.too_new", path, v)
	}
	return nil
}

// migrations[i] brings schema i+1 to i+2. Each runs in the transaction that
// opens the store, so a crash mid-migration leaves the old schema intact.
var migrations = []func(tx *bolt.Tx) error{migrateJournal, migrateRecent}

func migrate(tx *bolt.Tx, path string) error {
	meta := tx.Bucket(bMeta)
	v := getU64(meta.Get(kSchema))
	if v == 0 {
		return pos.Errorf("store.corrupt", path)
	}
	for ; v < SchemaVersion; v++ {
		if err := migrations[v-1](tx); err != nil {
			return fmt.Errorf("store: migrate schema %d: %w", v, err)
		}
	}
	// Buckets added without a data change need no numbered migration.
	for _, b := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(b); err != nil {
			return err
		}
	}
	return meta.Put(kSchema, u64(SchemaVersion))
}

// Close releases the file and its lock.
func (s *Store) Close() error { return s.db.Close() }

// Path is the store's file.
func (s *Store) Path() string { return s.path }

// Terminal is the terminal id this store numbers receipts for.
func (s *Store) Terminal() string {
	var t string
	s.db.View(func(tx *bolt.Tx) error { t = string(tx.Bucket(bMeta).Get(kTerminal)); return nil })
	return t
}

// Backup writes a consistent copy of the whole store to w while the till
// keeps selling.
func (s *Store) Backup(w io.Writer) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

// BackupFile writes a backup to path through a temporary file, so a full
// disk never leaves a half backup under the real name.
func (s *Store) BackupFile(path string) error {
	tmp := path + ".part"
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600) // as private as the store

	if err != nil {
		return pos.Wrap(err, "store.backup_failed", path)
	}
	if _, err := s.Backup(f); err != nil {
		f.Close()
		os.Remove(tmp)
		return pos.Wrap(err, "store.backup_failed", path)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(tmp)
		return pos.Wrap(err, "store.backup_failed", path)
	}
	f.Close()
	if err := os.Rename(tmp, path); err != nil {
		return pos.Wrap(err, "store.backup_failed", path)
	}
	return nil
}

func u64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func getU64(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

// diskErr turns a failed write into the person-facing error: a full disk is
// the one a seller can do something about.
func diskErr(err error) error {
	if err == nil {
		return nil
	}
	var pe *pos.Error
	if errors.As(err, &pe) {
		return err
	}
	if errors.Is(err, errNoSpace) {
		return pos.Wrap(err, "store.disk_full")
	}
	return pos.Wrap(err, "store.write_failed")
}

// Canonical is the exact byte form a document is hashed and stored in.
func Canonical(d *pos.Document) ([]byte, error) { return json.Marshal(d) }

// ChainHash is the journal hash of an entry.
func ChainHash(prev, doc []byte) []byte { return pos.ChainHash(prev, doc) }
