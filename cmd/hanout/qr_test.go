package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"hanout/pos/emvco"
	"hanout/pos/qr"
)

const (
	qrVectorEMVCo = "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A"
	qrVectorPIX   = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"
)

// When the test binary is started with HANOUT_QR_TEST_MAIN=1 it acts as
// the hanout command itself: TestQRProcess runs it as a real process.
func init() {
	if os.Getenv("HANOUT_QR_TEST_MAIN") == "1" {
		os.Exit(run(os.Args[1:]))
	}
}

func qrRun(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "en_US.UTF-8")
	var o, e bytes.Buffer
	code = qrMain(args, &o, &e)
	return code, o.String(), e.String()
}

func firstLine(s string) string { return strings.SplitN(s, "\n", 2)[0] }

func TestQRDemoFallback(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := qrRun(t, "--amount", "120.00", "--data", dir, "--terminal", "STAND-1", "--receipt", "42")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	p, err := emvco.Decode(firstLine(out))
	if err != nil {
		t.Fatalf("first line %q: %v", firstLine(out), err)
	}
	if strings.Count(out, "\n") != 1 {
		t.Fatalf("stdout holds more than the payload: %q", out)
	}
	for _, c := range []struct{ got, want string }{
		{p.Value("01"), "12"}, {p.Value("54"), "120.00"}, {p.Value("53"), "504"}, {p.Value("58"), "MA"},
		{p.Sub("26", "00"), qr.DemoGUID}, {p.Sub("62", "01"), "42"}, {p.Sub("62", "07"), "STAND-1"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	if !strings.HasPrefix(p.Sub("62", "05"), "STAND-1-") {
		t.Errorf("generated reference %q", p.Sub("62", "05"))
	}
	if !strings.Contains(errOut, "DEMO") || !strings.Contains(errOut, filepath.Join(dir, "merchant.json")) {
		t.Errorf("no demo note naming the file: %q", errOut)
	}
}

func TestQRMerchantFromFiles(t *testing.T) {
	dir := t.TempDir()
	m := qr.DemoMerchant()
	m.Name, m.Schemes = "COOPERATIVE TIWIZI", []qr.Scheme{{ID: "27", GUID: "ma.example.wallet", Sub: []qr.Field{{ID: "01", Value: "M-77"}}}}
	if err := qr.SaveMerchant(filepath.Join(dir, "merchant.json"), m); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "other.json")
	m.Name = "OTHER SHOP"
	if err := qr.SaveMerchant(other, m); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"data folder", []string{"--data", dir}, "COOPERATIVE TIWIZI"},
		{"config wins", []string{"--data", dir, "--config", other}, "OTHER SHOP"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := qrRun(t, append([]string{"--amount", "5", "--ref", "CHECK-1"}, tt.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			p, err := emvco.Decode(firstLine(out))
			if err != nil {
				t.Fatal(err)
			}
			if p.Value("59") != tt.want || p.Sub("27", "00") != "ma.example.wallet" || p.Sub("62", "05") != "CHECK-1" || p.Value("54") != "5.00" {
				t.Fatalf("payload %s", firstLine(out))
			}
			if errOut != "" {
				t.Fatalf("unexpected stderr %q", errOut)
			}
		})
	}
}

func TestQRFailures(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad")
	os.MkdirAll(bad, 0o755)
	os.WriteFile(filepath.Join(bad, "merchant.json"), []byte(`{"name":"X","city":"Y","mcc":"12"}`), 0o644)
	tests := []struct {
		name string
		args []string
		code int
		msg  string // expected in stderr
	}{
		{"no amount", []string{"--data", dir}, 2, "--amount is required"},
		{"bad amount", []string{"--amount", "12,3,4", "--data", dir}, 2, "not a valid amount"},
		{"zero amount", []string{"--amount", "0", "--data", dir}, 2, "above zero"},
		{"negative amount", []string{"--amount", "-5", "--data", dir}, 2, "above zero"},
		{"stray argument", []string{"--amount", "5", "--data", dir, "extra"}, 2, "unexpected argument"},
		{"unknown flag", []string{"--amout", "5"}, 2, "flag provided but not defined"},
		{"missing config", []string{"--amount", "5", "--config", filepath.Join(dir, "none.json")}, 1, filepath.Join(dir, "none.json")},
		{"invalid config: no demo fallback", []string{"--amount", "5", "--data", bad}, 1, "merchant category code"},
		{"reference too long", []string{"--amount", "5", "--data", dir, "--ref", strings.Repeat("R", 26)}, 1, "payment reference"},
		{"png unwritable", []string{"--amount", "5", "--data", dir, "--png", filepath.Join(dir, "no", "such", "dir", "x.png")}, 1, "x.png"},
		{"png size", []string{"--amount", "5", "--data", dir, "--png", filepath.Join(dir, "x.png"), "--size", "0"}, 1, "pixels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := qrRun(t, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %q", code, tt.code, errOut)
			}
			if out != "" {
				t.Fatalf("stdout on failure: %q", out)
			}
			if !strings.Contains(errOut, tt.msg) {
				t.Fatalf("stderr %q does not contain %q", errOut, tt.msg)
			}
		})
	}
}

func TestQRHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"decode", "--help"}} {
		code, _, errOut := qrRun(t, args...)
		if code != 0 || !strings.Contains(errOut, "Usage: hanout qr") {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
	_, _, errOut := qrRun(t, "--help")
	if !strings.Contains(errOut, "terminal label and") {
		t.Error("help does not say how a missing --ref is made")
	}
}

func TestQRPNG(t *testing.T) {
	file := filepath.Join(t.TempDir(), "code.png")
	code, out, errOut := qrRun(t, "--amount", "99.90", "--data", t.TempDir(), "--png", file, "--size", "400")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	b, err := os.ReadFile(file)
	if err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
		t.Fatalf("no PNG written: %v", err)
	}
	zbar, err := exec.LookPath("zbarimg")
	if err != nil {
		t.Skip("zbarimg not on PATH (make test installs zbar-tools)")
	}
	got, err := exec.Command(zbar, "--raw", "-q", file).Output()
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSuffix(string(got), "\n") != firstLine(out) {
		t.Fatalf("PNG holds %q, stdout %q", got, firstLine(out))
	}
}

func TestQRDecode(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		code  int
		out   []string // lines expected in stdout
		error string   // expected in stderr
	}{
		{"emvco sample", []string{qrVectorEMVCo}, 0, []string{
			"00  Payload format indicator", "64  Merchant information, alternate language",
			"    01  Merchant name, alternate language     最佳运输", "54  Transaction amount                        23.72",
		}, ""},
		{"pix", []string{qrVectorPIX}, 0, []string{"26  Merchant account template", "    00  Globally unique identifier            br.gov.bcb.pix"}, ""},
		{"split by the shell", strings.SplitN(qrVectorPIX, " ", 2), 0, []string{"Fulano de Tal"}, ""},
		{"crc mismatch", []string{qrVectorPIX[:len(qrVectorPIX)-1] + "E"}, 1, []string{"59  Merchant name"}, "checksum is 1D3E but the content gives 1D3D"},
		{"rule broken", []string{qrSealed(t, strings.Replace(qrVectorPIX[:len(qrVectorPIX)-8], "5802BR", "5802br", 1))}, 1, []string{"58  Country code"}, "country"},
		{"cut", []string{qrVectorPIX[:40]}, 1, nil, "runs past the end"},
		{"split by the shell, --data after it", append(strings.SplitN(qrVectorPIX, " ", 2), "--data", "/nowhere"), 0, []string{"Fulano de Tal"}, ""},
		{"a misspelt option after the payload", []string{qrVectorPIX, "--dat", "x"}, 2, nil, "Usage"},
		{"no payload", nil, 2, nil, "Usage"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := qrRun(t, append([]string{"decode"}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %q", code, tt.code, errOut)
			}
			for _, l := range tt.out {
				if !strings.Contains(out, l) {
					t.Errorf("stdout lacks %q:\n%s", l, out)
				}
			}
			if tt.error == "" && errOut != "" || !strings.Contains(errOut, tt.error) {
				t.Errorf("stderr %q, want %q", errOut, tt.error)
			}
		})
	}
}

// qrSealed appends a correct CRC to body (which ends before "6304").
func qrSealed(t *testing.T, body string) string {
	body += "6304"
	return body + emvco.CRC(body)
}

func TestQRErrorsAreTranslated(t *testing.T) {
	t.Setenv("LC_ALL", "ar_MA.UTF-8")
	var o, e bytes.Buffer
	if code := qrMain([]string{"decode", qrVectorPIX[:len(qrVectorPIX)-1] + "E"}, &o, &e); code != 1 {
		t.Fatal(code)
	}
	if !strings.Contains(e.String(), "رمز التحقق") {
		t.Fatalf("not in Arabic: %q", e.String())
	}
}

// TestQRProcess runs hanout as a real process (this test binary in its
// command mode) to check the wiring through main: the registry, stdout and
// the exit status.
func TestQRProcess(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	tests := []struct {
		args []string
		code int
	}{
		{[]string{"qr", "--amount", "120.00", "--data", data}, 0},
		{[]string{"qr", "decode", qrVectorEMVCo}, 0},
		{[]string{"qr", "decode", "0002010"}, 1},
		{[]string{"qr"}, 2},
	}
	for _, tt := range tests {
		cmd := exec.Command(self, tt.args...)
		cmd.Env = append(os.Environ(), "HANOUT_QR_TEST_MAIN=1", "LANG=en_US.UTF-8", "LC_ALL=")
		var o, e bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &e
		err := cmd.Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != tt.code {
			t.Errorf("%v: exit %d, want %d; stderr %q", tt.args, code, tt.code, e.String())
		}
		if tt.code == 0 && tt.args[1] == "--amount" {
			if _, err := emvco.Decode(firstLine(o.String())); err != nil {
				t.Errorf("first line %q: %v", firstLine(o.String()), err)
			}
		}
	}
}
