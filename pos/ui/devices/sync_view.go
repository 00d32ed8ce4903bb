package devices

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hanout/pos"
	"hanout/pos/i18n"
	"hanout/pos/store"
	"hanout/pos/ui"
	tillsync "hanout/sync"
)

// syncView is the sync block of the Settings screen.
type syncView struct {
	lang                                 pos.Lang
	win                                  fyne.Window
	st                                   *store.Store
	state, platform, unsynced, lastOK    *ui.Paragraph
	lastTry, nextTry, lastErr, conflicts *ui.Paragraph
	showConflicts                        *widget.Button
	quarantine                           *ui.Paragraph
	showQuarantine                       *widget.Button
	url, code, ca                        *widget.Entry
	enroll, now                          *widget.Button
	result                               *ui.Paragraph
	conflictsOpen                        dialog.Dialog
	quarantineOpen                       dialog.Dialog
	obj                                  fyne.CanvasObject
}

// Section is the sync block for ui.Hooks.Settings.
func (s *Sync) Section() ui.SettingsSection {
	return ui.SettingsSection{
		Title: func(l pos.Lang) string { return t(l, "devices.sync.title") },
		Build: func(l pos.Lang, w fyne.Window) fyne.CanvasObject { return s.build(l, w).obj },
	}
}

func (s *Sync) build(l pos.Lang, w fyne.Window) *syncView {
	v := &syncView{lang: l, win: w, st: s.st}
	mk := func() *ui.Paragraph { return label(l, "") }
	v.state, v.platform, v.unsynced, v.lastOK = mk(), mk(), mk(), mk()
	v.lastTry, v.nextTry, v.lastErr, v.conflicts = mk(), mk(), mk(), mk()
	v.state.TextStyle.Bold = true
	v.showConflicts = widget.NewButtonWithIcon(ui.Visual(l, t(l, "devices.sync.show_conflicts")), theme.WarningIcon(), v.openConflicts)
	v.quarantine = mk()
	v.showQuarantine = widget.NewButtonWithIcon(ui.Visual(l, t(l, "devices.sync.show_conflicts")), theme.ErrorIcon(), v.openQuarantine)

	set, enrolled, _ := tillsync.LoadSettings(s.st)
	v.url = widget.NewEntry()
	v.url.SetPlaceHolder("https://plateforme.example.ma:8443")
	v.code = widget.NewEntry()
	v.code.SetPlaceHolder(ui.Visual(l, t(l, "devices.sync.code_hint")))
	v.ca = widget.NewEntry()
	v.ca.SetPlaceHolder(ui.Visual(l, t(l, "devices.sync.ca_hint")))
	if enrolled {
		v.url.SetText(set.Platform)
	}
	v.result = label(l, "")
	v.enroll = widget.NewButtonWithIcon(ui.Visual(l, t(l, "devices.sync.enroll")), theme.LoginIcon(), func() { s.enrollFrom(v) })
	v.now = widget.NewButtonWithIcon(ui.Visual(l, t(l, "devices.sync.now")), theme.ViewRefreshIcon(), func() { s.syncFrom(v) })
	v.now.Importance = widget.HighImportance

	v.obj = container.NewVBox(
		row(l, t(l, "devices.sync.state"), v.state),
		row(l, t(l, "devices.sync.platform"), v.platform),
		row(l, t(l, "devices.sync.unsynced"), v.unsynced),
		row(l, t(l, "devices.sync.last_success"), v.lastOK),
		row(l, t(l, "devices.sync.last_attempt"), v.lastTry),
		row(l, t(l, "devices.sync.next_try"), v.nextTry),
		row(l, t(l, "devices.sync.last_error"), v.lastErr),
		row(l, t(l, "devices.sync.conflicts"), container.NewBorder(nil, nil, nil, v.showConflicts, v.conflicts)),
		row(l, t(l, "money.sync.quarantine"), container.NewBorder(nil, nil, nil, v.showQuarantine, v.quarantine)),
		v.now,
		widget.NewSeparator(),
		label(l, t(l, "devices.sync.enroll_help")),
		row(l, t(l, "devices.sync.url"), v.url),
		row(l, t(l, "devices.sync.code"), v.code),
		row(l, t(l, "devices.sync.ca"), v.ca),
		v.enroll,
		v.result,
	)
	s.mu.Lock()
	s.view = v
	s.mu.Unlock()
	v.update(s.sy.Status(), s.Now())
	return v
}

// update shows a status; it runs on the UI goroutine.
func (v *syncView) update(st tillsync.Status, now time.Time) {
	l := v.lang
	if st.Enrolled {
		setText(v.state, l, NetworkState(st, l).Text)
	} else {
		setText(v.state, l, t(l, "devices.sync.state.not_enrolled"))
	}
	if set, ok, _ := tillsync.LoadSettings(v.st); ok {
		setText(v.platform, l, t(l, "devices.sync.platform_value", set.Platform, set.Name, set.MerchantName))
	} else {
		setText(v.platform, l, t(l, "devices.sync.not_enrolled_long"))
	}
	v.unsynced.SetText(fmt.Sprint(st.Unsynced))
	v.lastOK.SetText(when(l, st.LastSuccess, now))
	v.lastTry.SetText(when(l, st.LastAttempt, now))
	switch {
	case st.Syncing:
		v.nextTry.SetText(t(l, "devices.sync.state.syncing"))
	case st.NextTry.IsZero():
		v.nextTry.SetText("—")
	default:
		v.nextTry.SetText(st.NextTry.Local().Format("15:04:05"))
	}
	if st.LastError != nil {
		setText(v.lastErr, l, i18n.Error(l, st.LastError))
	} else {
		setText(v.lastErr, l, t(l, "devices.sync.no_error"))
	}
	v.quarantine.SetText(fmt.Sprint(st.Quarantined))
	if st.Quarantined == 0 {
		v.showQuarantine.Disable()
	} else {
		v.showQuarantine.Enable()
	}
	v.conflicts.SetText(fmt.Sprint(st.Conflicts))
	if st.Conflicts == 0 {
		v.showConflicts.Disable()
	} else {
		v.showConflicts.Enable()
	}
}

// conflictLines are the manager's list: newest first.
func conflictLines(l pos.Lang, cs []store.Conflict) []string {
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		kind := t(l, "devices.sync.conflict."+c.Kind)
		if kind == "devices.sync.conflict."+c.Kind {
			kind = c.Kind
		}
		out = append(out, fmt.Sprintf("%s · %s · %s\n%s", c.Time.Local().Format("02/01/2006 15:04"), kind, c.SKU, c.Detail))
	}
	return out
}

func (v *syncView) openConflicts() {
	l := v.lang
	cs, err := v.st.Conflicts()
	if err != nil {
		setText(v.result, l, i18n.Error(l, err))
		return
	}
	lines := conflictLines(l, cs)
	list := widget.NewList(func() int { return len(lines) },
		func() fyne.CanvasObject { return label(l, "\n") },
		func(i widget.ListItemID, o fyne.CanvasObject) { setText(o.(*ui.Paragraph), l, lines[i]) })
	scroll := container.NewStack(list)
	d := dialog.NewCustom(t(l, "devices.sync.conflicts_title", len(lines)), t(l, "devices.close"), scroll, v.win)
	d.Resize(fyne.NewSize(640, 480))
	v.conflictsOpen = d
	d.Show()
}

// quarantineLines are the documents the platform refused, with why.
func quarantineLines(l pos.Lang, qs []store.Quarantined) []string {
	out := make([]string, 0, len(qs))
	for _, q := range qs {
		code := t(l, "money.sync.code."+q.Code)
		if code == "money.sync.code."+q.Code {
			code = q.Code
		}
		receipt := "—"
		if q.Receipt > 0 {
			receipt = fmt.Sprint(q.Receipt)
		}
		out = append(out, t(l, "money.sync.quarantine_line", receipt, q.Seq, q.Time.Local().Format("02/01/2006 15:04"), code, q.Reason))
	}
	return out
}

func (v *syncView) openQuarantine() {
	l := v.lang
	qs, err := v.st.QuarantineList()
	if err != nil {
		setText(v.result, l, i18n.Error(l, err))
		return
	}
	lines := quarantineLines(l, qs)
	list := widget.NewList(func() int { return len(lines) },
		func() fyne.CanvasObject { return label(l, "\n") },
		func(i widget.ListItemID, o fyne.CanvasObject) { setText(o.(*ui.Paragraph), l, lines[i]) })
	body := container.NewBorder(label(l, t(l, "money.sync.quarantine_help")), nil, nil, nil, list)
	d := dialog.NewCustom(t(l, "money.sync.quarantine_title", len(lines)), t(l, "devices.close"), body, v.win)
	d.Resize(fyne.NewSize(640, 480))
	v.quarantineOpen = d
	d.Show()
}

func (s *Sync) enrollFrom(v *syncView) {
	l := v.lang
	url, code, ca := v.url.Text, v.code.Text, v.ca.Text
	v.enroll.Disable()
	setText(v.result, l, t(l, "devices.sync.enrolling"))
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		set, err := s.Enroll(ctx, url, code, ca)
		msg := ""
		if err != nil {
			msg = i18n.Error(l, err)
		} else {
			msg = t(l, "devices.sync.enrolled", set.Name, set.MerchantName, set.Platform)
		}
		fyne.Do(func() {
			v.enroll.Enable()
			if err == nil {
				v.code.SetText("")
			}
			setText(v.result, l, msg)
			v.update(s.sy.Status(), s.Now())
		})
	}()
}

func (s *Sync) syncFrom(v *syncView) {
	l := v.lang
	v.now.Disable()
	setText(v.result, l, t(l, "devices.sync.state.syncing"))
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		rep, err := s.SyncNow(ctx)
		msg := t(l, "devices.sync.report", rep.Sent, rep.Received, rep.Conflicts+rep.Oversells)
		if err != nil {
			msg = i18n.Error(l, err)
		}
		fyne.Do(func() {
			v.now.Enable()
			setText(v.result, l, msg)
		})
	}()
}
