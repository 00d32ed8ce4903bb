package sync_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net/http/httptest"
	"testing"
	"time"

	"hanout/pos"
	"hanout/pos/store"
	tillsync "hanout/sync"
	"hanout/sync/platform"
	"hanout/sync/platform/boltstore"
)

// With the platform's CA pinned the till syncs over TLS; a till that pins
// another CA refuses the platform's certificate.
func TestTLSWithPinnedCA(t *testing.T) {
	plat, err := boltstore.Open(t.TempDir(), boltstore.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer plat.Close()
	srv := httptest.NewTLSServer((&platform.Server{Store: plat}).Handler())
	defer srv.Close()
	ca := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
	otherCA := selfSignedCA(t)

	m, _ := plat.AddMerchant("M")
	till, err := store.Open(t.TempDir(), store.Options{Terminal: "T1", NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer till.Close()
	seed(t, till)
	_, code, _ := plat.AddTerminal(m.ID, "t")
	if _, err := tillsync.Enroll(context.Background(), till, srv.URL, code, otherCA); pos.KeyOf(err) != "sync.offline" {
		t.Fatalf("enroll pinning another CA: %v", err)
	}
	if _, err := tillsync.Enroll(context.Background(), till, srv.URL, code, "not a pem"); pos.KeyOf(err) != "sync.bad_ca" {
		t.Fatalf("enroll with a bad CA: %v", err)
	}
	if _, err := tillsync.Enroll(context.Background(), till, srv.URL, code, ca); err != nil {
		t.Fatal(err)
	}
	sellMany(t, till, 5)
	rep, err := tillsync.New(till).SyncOnce(context.Background())
	if err != nil || rep.Sent != 7 { // the shift, 5 sales, the enrollment's journal event
		t.Fatalf("TLS sync %+v %v", rep, err)
	}
}

func selfSignedCA(t *testing.T) string {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "other CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}
