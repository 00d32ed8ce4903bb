package main

import (
	"context"

	"hanout/pos/store"
	"hanout/pos/ui"
	"hanout/pos/ui/devices"
)

// Sync with the platform in the running till: its Settings section
// (status, conflicts, enrollment, sync now) and, once enrolled, the sync
// loop reporting to the status bar.
func init() {
	var s *devices.Sync
	registerTillPlugin(tillPlugin{
		hooks: func(h *ui.Hooks, st *store.Store, _ string) error {
			s = devices.NewSync(st)
			h.Settings = append(h.Settings, s.Section())
			return nil
		},
		start: func(ctx context.Context, u *ui.UI, _ *store.Store, _ string) {
			if s != nil {
				s.Start(ctx, u)
				s.Wait()
			}
		},
	})
}
