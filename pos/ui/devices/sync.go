package devices

import (
	"context"
	"os"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"hanout/pos"
	"hanout/pos/store"
	"hanout/pos/ui"
	tillsync "hanout/sync"
)

// Sync runs the sync loop for the till (once it is enrolled) and serves
// its settings: status, conflicts, enrollment, sync now.
type Sync struct {
	st *store.Store
	sy *tillsync.Syncer
	// Poll is how often the journal is looked at to kick the loop after a
	// sale (default 2 s).
	Poll time.Duration
	// Now is the clock for "last success" texts (tests).
	Now func() time.Time

	mu      sync.Mutex
	ctx     context.Context
	sink    Sink
	running bool
	status  tillsync.Status
	view    *syncView
	shown   pos.Lang

	bg sync.WaitGroup // the watch loop and the sync loop
}

// NewSync returns the till's sync with the state it last saved.
func NewSync(st *store.Store) *Sync {
	s := &Sync{st: st, sy: tillsync.New(st), Poll: 2 * time.Second, Now: time.Now}
	s.status = s.sy.Status()
	return s
}

// Syncer is the sync client (for tests and tuning).
func (s *Sync) Syncer() *tillsync.Syncer { return s.sy }

// Status is the last status the syncer reported.
func (s *Sync) Status() tillsync.Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status
}

// Running reports whether the sync loop runs.
func (s *Sync) Running() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.running
}

// Start shows the sync state in sink and, if the till is enrolled, runs
// the sync loop until ctx ends. It returns at once.
func (s *Sync) Start(ctx context.Context, sink Sink) {
	s.mu.Lock()
	s.ctx, s.sink = ctx, sink
	s.mu.Unlock()
	unsub := s.sy.Subscribe(s.onStatus)
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		<-ctx.Done()
		unsub()
	}()
	if _, ok, _ := tillsync.LoadSettings(s.st); ok {
		s.startLoop()
	}
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		s.watch(ctx)
	}()
}

// Wait returns once Start's background work has ended after its context
// did: the sync loop no longer touches the store, so it may be closed.
func (s *Sync) Wait() { s.bg.Wait() }

// startLoop runs the sync loop once.
func (s *Sync) startLoop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running || s.ctx == nil || s.ctx.Err() != nil {
		return
	}
	s.running = true
	ctx := s.ctx
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		s.sy.Run(ctx)
		s.mu.Lock()
		s.running = false
		s.mu.Unlock()
	}()
}

// onStatus runs on the sync goroutine (or Kick's caller).
func (s *Sync) onStatus(st tillsync.Status) {
	s.mu.Lock()
	s.status = st
	s.mu.Unlock()
	s.post()
}

func (s *Sync) post() {
	s.mu.Lock()
	sink := s.sink
	s.mu.Unlock()
	if sink == nil {
		return
	}
	fyne.Do(func() {
		l := sink.Lang()
		s.mu.Lock()
		st, v := s.status, s.view
		s.shown = l
		s.mu.Unlock()
		sink.SetNetwork(NetworkState(st, l))
		sink.Changed()
		if v != nil && v.lang == l {
			v.update(st, s.Now())
		}
	})
}

// watch kicks the loop when a document is committed, so a sale leaves
// for the platform within seconds when the network is there, and follows
// a change of language.
func (s *Sync) watch(ctx context.Context) {
	tk := time.NewTicker(s.Poll)
	defer tk.Stop()
	last := s.st.Counters().Seq
	for {
		select {
		case <-ctx.Done():
			return
		case <-tk.C:
		}
		if c := s.st.Counters(); c.Seq != last {
			last = c.Seq
			s.sy.Kick() // also tells the subscribers the new count
		}
		s.mu.Lock()
		sink := s.sink
		s.mu.Unlock()
		if sink == nil {
			continue
		}
		fyne.Do(func() {
			s.mu.Lock()
			changed := s.shown != "" && s.shown != sink.Lang()
			s.mu.Unlock()
			if changed {
				s.post()
			}
		})
	}
}

// Enroll exchanges a one-time code for the till's credentials (reading
// the platform's CA from caPath if given), then starts the loop.
func (s *Sync) Enroll(ctx context.Context, platform, code, caPath string) (tillsync.Settings, error) {
	platform, code, caPath = strings.TrimSpace(platform), strings.TrimSpace(code), strings.TrimSpace(caPath)
	if platform == "" {
		return tillsync.Settings{}, pos.Errorf("sync.bad_url", platform)
	}
	if code == "" {
		return tillsync.Settings{}, pos.Errorf("devices.sync.no_code")
	}
	var caPEM string
	if caPath != "" {
		b, err := os.ReadFile(caPath)
		if err != nil {
			return tillsync.Settings{}, pos.Wrap(err, "sync.bad_ca", caPath)
		}
		caPEM = string(b)
	}
	set, err := tillsync.Enroll(ctx, s.st, platform, code, caPEM)
	if err != nil {
		return set, err
	}
	s.startLoop()
	s.sy.Kick()
	return set, nil
}

// SyncNow runs one full sync at once (the loop, if running, waits for it).
func (s *Sync) SyncNow(ctx context.Context) (tillsync.Report, error) {
	if _, ok, _ := tillsync.LoadSettings(s.st); !ok {
		return tillsync.Report{}, pos.Errorf("sync.not_enrolled")
	}
	rep, err := s.sy.SyncOnce(ctx)
	s.startLoop()
	return rep, err
}

// offlineKeys are the errors that mean the platform was not reached.
var offlineKeys = map[string]bool{"sync.offline": true, "sync.platform_error": true}

// NetworkState is what the status bar shows for the sync, in a word or
// two (the slot is narrow; the unsynced count is the bar's own, read from
// the store, and the times are in Settings).
func NetworkState(st tillsync.Status, l pos.Lang) ui.State {
	switch {
	case !st.Enrolled:
		// The seller's words in the status bar; Settings → Sync says
		// "not enrolled" and how to enrol.
		return ui.State{Level: ui.LevelOK, Text: t(l, "counter.status.local_only"), Alone: true}
	case st.Syncing:
		return ui.State{Level: ui.LevelOK, Text: t(l, "devices.sync.state.syncing")}
	case st.LastError != nil && (offlineKeys[pos.KeyOf(st.LastError)] || !st.Online):
		return ui.State{Level: ui.LevelDown, Text: t(l, "devices.sync.state.offline")}
	case st.LastError != nil:
		key := "devices.sync.state.error"
		switch pos.KeyOf(st.LastError) {
		case "sync.unauthorized":
			key = "devices.sync.state.unauthorized"
		case "sync.revoked":
			key = "devices.sync.state.revoked"
		}
		return ui.State{Level: ui.LevelWarn, Text: t(l, key)}
	case st.LastSuccess.IsZero():
		return ui.State{Level: ui.LevelUnknown, Text: t(l, "devices.sync.state.waiting")}
	}
	return ui.State{Level: ui.LevelOK, Text: t(l, "devices.sync.state.online")}
}
