package main

/*
#cgo LDFLAGS: -lX11 -lXext
#include <X11/Xlib.h>
#include <X11/extensions/dpms.h>

// keep_awake turns off the X server's screen saver and display power
// management, as "xset s off -dpms" does; the settings stay in the server
// after the connection closes. 0 on success, -1 without an X display.
static int keep_awake(void) {
	Display *d = XOpenDisplay(NULL);
	if (!d) return -1;
	XSetScreenSaver(d, 0, 0, DontPreferBlanking, DefaultExposures);
	int ev, er;
	if (DPMSQueryExtension(d, &ev, &er) && DPMSCapable(d)) DPMSDisable(d);
	XSync(d, False);
	XCloseDisplay(d);
	return 0;
}

// screen_saver_timeout is the X screen saver's timeout in seconds, -1
// without an X display.
static int screen_saver_timeout(void) {
	Display *d = XOpenDisplay(NULL);
	if (!d) return -1;
	int timeout, interval, blanking, exposures;
	XGetScreenSaver(d, &timeout, &interval, &blanking, &exposures);
	XCloseDisplay(d);
	return timeout;
}
*/
import "C"

import (
	"context"
	"errors"

	"github.com/godbus/dbus/v5"
)

// keepAwake keeps the screen on for the life of the till: under X11 the
// server's screen saver and power management are turned off; in a desktop
// session (GNOME, KDE, Xfce…) the session's screen saver is also asked,
// over D-Bus, not to blank while the till runs. It fails only when neither
// is reachable.
func keepAwake(ctx context.Context) error {
	x := C.keep_awake() == 0
	err := inhibitSession(ctx)
	if x {
		return nil // a bare X server (no session bus) is the usual kiosk
	}
	return err
}

// inhibitSession holds an org.freedesktop.ScreenSaver inhibition until ctx
// ends (the connection closing releases it).
func inhibitSession(ctx context.Context) error {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return err
	}
	var cookie uint32
	obj := conn.Object("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver")
	if err := obj.CallWithContext(ctx, "org.freedesktop.ScreenSaver.Inhibit", 0, "Hanout", "kiosk mode").Store(&cookie); err != nil {
		conn.Close()
		return err
	}
	go func() {
		<-ctx.Done()
		conn.Close()
	}()
	return nil
}

// screenSaverTimeout is the X screen saver timeout in seconds (0: off).
func screenSaverTimeout() (int, error) {
	t := int(C.screen_saver_timeout())
	if t < 0 {
		return 0, errors.New("no X display")
	}
	return t, nil
}
