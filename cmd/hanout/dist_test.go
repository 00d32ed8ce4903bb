package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"debug/pe"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"
)

// distInputs are the files a change to which re-runs TestDist in make
// test: what make dist reads besides the Go code every other test builds.
// The Makefile is not among them (its test targets change often): after
// editing the dist recipe, run HANOUT_DIST=1 make test.
var distInputs = regexp.MustCompile(`^(FyneApp\.toml|go\.mod|go\.sum|assets/icon\.png|assets/dist/.*|cmd/hanout/(dist_test|console_windows|keepawake_.*|version)\.go|.*_windows(_test)?\.go)$`)

// distWanted says whether to build the packages: HANOUT_DIST=1 forces it,
// =0 skips it; otherwise only when a packaging input differs between
// HANOUT_DIST_BASE (default HEAD~1, the commit before the one under test)
// and the working tree.
func distWanted(t *testing.T, root string) bool {
	switch os.Getenv("HANOUT_DIST") {
	case "1":
		return true
	case "0":
		return false
	}
	base := os.Getenv("HANOUT_DIST_BASE")
	if base == "" {
		base = "HEAD~1"
	}
	out, err := exec.Command("git", "-C", root, "diff", "--name-only", base, "--").Output()
	if err != nil {
		t.Logf("cannot tell what changed since %s (%v): building the packages", base, err)
		return true
	}
	untracked, _ := exec.Command("git", "-C", root, "ls-files", "--others", "--exclude-standard").Output()
	for _, f := range strings.Fields(string(out) + "\n" + string(untracked)) {
		if distInputs.MatchString(f) {
			t.Logf("%s changed: building the packages", f)
			return true
		}
	}
	return false
}

// TestDist runs make dist into a temporary folder and checks what a shop
// would install: the Windows executable, the Linux package (installed
// into a scratch root with its own Makefile), the .deb, the platform
// binaries and the checksums.
func TestDist(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	version := fyneAppVersion(t, root)
	// HANOUT_DIST_DIR checks packages already built (make dist DIST=…).
	dist := os.Getenv("HANOUT_DIST_DIR")
	if dist == "" {
		if !distWanted(t, root) {
			t.Skip("no packaging file changed (HANOUT_DIST=1 builds the packages anyway)")
		}
		dist = filepath.Join(t.TempDir(), "dist")
		cmd := exec.Command("make", "-s", "dist", "DIST="+dist, "BUILD="+filepath.Join(t.TempDir(), "build"))
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("make dist: %v\n%s", err, out)
		}
	}

	t.Run("output ignores itself", func(t *testing.T) {
		b, err := os.ReadFile(filepath.Join(dist, ".gitignore"))
		if err != nil || strings.TrimSpace(string(b)) != "*" {
			t.Fatalf("dist/.gitignore = %q, %v", b, err)
		}
	})
	t.Run("windows exe", func(t *testing.T) { checkWindowsExe(t, filepath.Join(dist, "hanout.exe"), version) })
	t.Run("linux package", func(t *testing.T) {
		checkLinuxPackage(t, filepath.Join(dist, "hanout-"+version+"-linux-amd64.tar.xz"), version)
	})
	t.Run("deb", func(t *testing.T) {
		out, err := exec.Command("dpkg-deb", "--contents", filepath.Join(dist, "hanout_"+version+"_amd64.deb")).Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"./usr/bin/hanout", "./usr/share/applications/ma.hanout.till.desktop", "./usr/share/pixmaps/ma.hanout.till.png", "./usr/lib/systemd/user/hanout-kiosk.service"} {
			if !bytes.Contains(out, []byte(" "+f+"\n")) {
				t.Errorf(".deb lacks %s:\n%s", f, out)
			}
		}
	})
	t.Run("platform", func(t *testing.T) {
		for arch, m := range map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64} {
			f, err := elf.Open(filepath.Join(dist, "hanout-platform-linux-"+arch))
			if err != nil {
				t.Fatal(err)
			}
			if f.Machine != m {
				t.Errorf("%s: machine %v", arch, f.Machine)
			}
			f.Close()
		}
	})
	t.Run("checksums", func(t *testing.T) { checkSums(t, dist, 5) })
}

func fyneAppVersion(t *testing.T, root string) string {
	b, err := os.ReadFile(filepath.Join(root, "FyneApp.toml"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`).FindSubmatch(b)
	if m == nil {
		t.Fatal("no Version in FyneApp.toml")
	}
	return string(m[1])
}

// checkWindowsExe: a PE32+ executable for x86-64 that Windows starts as a
// windowed program (no console window), carrying the icon and the version.
func checkWindowsExe(t *testing.T, path, version string) {
	f, err := pe.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		t.Errorf("machine %#x, want x86-64", f.Machine)
	}
	oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
	if !ok {
		t.Fatalf("optional header %T: not PE32+", f.OptionalHeader)
	}
	if oh.Magic != 0x20b {
		t.Errorf("magic %#x, want 0x20b (PE32+)", oh.Magic)
	}
	if oh.Subsystem != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		t.Errorf("subsystem %d, want %d (GUI: no console window)", oh.Subsystem, pe.IMAGE_SUBSYSTEM_WINDOWS_GUI)
	}
	if f.Characteristics&pe.IMAGE_FILE_EXECUTABLE_IMAGE == 0 {
		t.Error("not an executable image")
	}
	rsrc := f.Section(".rsrc")
	if rsrc == nil {
		t.Fatal("no resources: no icon, no version information")
	}
	data, err := rsrc.Data()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"VS_VERSION_INFO", "ProductVersion", version, "Hanout"} {
		if !bytes.Contains(data, utf16le(s)) {
			t.Errorf("resources lack %q", s)
		}
	}
	// An icon: a PNG or BMP image (40-byte header) of the app among them.
	if !bytes.Contains(data, []byte("\x89PNG")) && !bytes.Contains(data, []byte{40, 0, 0, 0}) {
		t.Error("resources carry no icon image")
	}
}

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

// checkLinuxPackage unpacks the .tar.xz, installs it with its Makefile
// into a scratch root, and checks the binary, the desktop entry, the icon
// and the kiosk files, and that the binary says its version.
func checkLinuxPackage(t *testing.T, tarball, version string) {
	unpacked := t.TempDir()
	if out, err := exec.Command("tar", "-xJf", tarball, "-C", unpacked).CombinedOutput(); err != nil {
		t.Fatalf("tar: %v\n%s", err, out)
	}
	scratch := t.TempDir()
	install := exec.Command("make", "-s", "install", "DESTDIR="+scratch, "PREFIX=/usr/local")
	install.Dir = filepath.Join(unpacked, "hanout")
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("make install: %v\n%s", err, out)
	}
	bin := filepath.Join(scratch, "usr/local/bin/hanout")
	ef, err := elf.Open(bin)
	if err != nil {
		t.Fatalf("binary: %v", err)
	}
	if ef.Machine != elf.EM_X86_64 {
		t.Errorf("binary machine %v", ef.Machine)
	}
	ef.Close()
	if fi, err := os.Stat(bin); err != nil || fi.Mode()&0o111 == 0 {
		t.Errorf("binary not executable: %v", err)
	}
	entry := desktopEntry(t, filepath.Join(scratch, "usr/local/share/applications/ma.hanout.till.desktop"))
	for k, want := range map[string]string{"Type": "Application", "Name": "Hanout", "Exec": "hanout", "Icon": "ma.hanout.till", "Categories": "Office;Finance;"} {
		if entry[k] != want {
			t.Errorf("desktop entry %s=%q, want %q", k, entry[k], want)
		}
	}
	png, err := os.ReadFile(filepath.Join(scratch, "usr/local/share/pixmaps/ma.hanout.till.png"))
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("icon: %v", err)
	}
	unit, err := os.ReadFile(filepath.Join(scratch, "usr/local/lib/systemd/user/hanout-kiosk.service"))
	if err != nil || !bytes.Contains(unit, []byte("\nExecStart=/usr/local/bin/hanout --kiosk\n")) {
		t.Errorf("kiosk unit: %v\n%s", err, unit)
	}
	auto := desktopEntry(t, filepath.Join(scratch, "usr/local/share/hanout/hanout-kiosk.desktop"))
	if auto["Exec"] != "/usr/local/bin/hanout --kiosk" {
		t.Errorf("autostart Exec=%q", auto["Exec"])
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatalf("hanout --version: %v", err)
	}
	if !regexp.MustCompile(`^hanout ` + regexp.QuoteMeta(version) + ` \(commit [0-9a-f]{7,}(-dirty)?\)\n$`).Match(out) {
		t.Errorf("hanout --version = %q", out)
	}
}

func desktopEntry(t *testing.T, path string) map[string]string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	inEntry := false
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(l, "[") {
			inEntry = l == "[Desktop Entry]"
			continue
		}
		if k, v, ok := strings.Cut(l, "="); ok && inEntry {
			m[k] = v
		}
	}
	if !inEntry && len(m) == 0 {
		t.Fatalf("%s: no [Desktop Entry]", path)
	}
	return m
}

// checkSums: SHA256SUMS names every package once, with its right sum.
func checkSums(t *testing.T, dist string, want int) {
	b, err := os.ReadFile(filepath.Join(dist, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		sum, name, ok := strings.Cut(l, "  ")
		if !ok {
			t.Fatalf("bad line %q", l)
		}
		data, err := os.ReadFile(filepath.Join(dist, name))
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.Sum256(data)
		if hex.EncodeToString(h[:]) != sum {
			t.Errorf("%s: sum differs", name)
		}
		n++
	}
	if n != want {
		t.Errorf("%d files summed, want %d:\n%s", n, want, b)
	}
}
