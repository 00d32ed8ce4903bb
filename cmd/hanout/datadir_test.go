package main

import (
	"path/filepath"
	"testing"
)

func TestUserDataDirFollowsEachSystemsConvention(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, c := range []struct {
		name, goos string
		env        map[string]string
		home, want string
	}{
		{"windows roaming app data", "windows", map[string]string{"APPDATA": `C:\Users\Fatima\AppData\Roaming`}, `C:\Users\Fatima`, `C:\Users\Fatima\AppData\Roaming\Hanout`},
		{"windows without APPDATA", "windows", nil, `C:\Users\Fatima`, `C:\Users\Fatima\AppData\Roaming\Hanout`},
		{"windows ignores XDG", "windows", map[string]string{"APPDATA": `D:\Roaming`, "XDG_DATA_HOME": "/x"}, `C:\Users\F`, `D:\Roaming\Hanout`},
		{"linux XDG_DATA_HOME", "linux", map[string]string{"XDG_DATA_HOME": "/srv/data"}, "/home/said", "/srv/data/hanout"},
		{"linux default", "linux", nil, "/home/said", "/home/said/.local/share/hanout"},
		{"linux relative XDG is ignored", "linux", map[string]string{"XDG_DATA_HOME": "data"}, "/home/said", "/home/said/.local/share/hanout"},
		{"linux ignores APPDATA", "linux", map[string]string{"APPDATA": `C:\x`}, "/home/said", "/home/said/.local/share/hanout"},
		{"macOS", "darwin", nil, "/Users/said", filepath.Join("/Users/said", "Library", "Application Support", "Hanout")},
		{"nothing known", "linux", nil, "", "hanout-data"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := userDataDir(c.goos, env(c.env), c.home); got != c.want {
				t.Errorf("userDataDir(%s) = %q, want %q", c.goos, got, c.want)
			}
		})
	}
}
