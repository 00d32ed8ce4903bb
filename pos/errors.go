package pos

import (
	"errors"
	"fmt"
)

// Error is an error a person may see. Key names a message in the
// translation files (assets/i18n); Args fill its placeholders (%[1]v …) and
// Err, when set, is the underlying cause kept for logs and errors.Is.
//
// Anything that is not an *Error is an internal failure: the UI shows a
// generic translated message and logs the details.
type Error struct {
	Key  string
	Args []any
	Err  error
}

// Errorf returns an *Error with a translation key and its arguments.
func Errorf(key string, args ...any) *Error { return &Error{Key: key, Args: args} }

// Wrap returns an *Error with a translation key that keeps err as its cause.
func Wrap(err error, key string, args ...any) *Error { return &Error{Key: key, Args: args, Err: err} }

func (e *Error) Error() string {
	s := e.Key
	if len(e.Args) > 0 {
		s += fmt.Sprint(e.Args)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Is lets errors.Is(err, pos.Errorf("key")) match on the key alone.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Key == e.Key && t.Args == nil && t.Err == nil
}

// KeyOf returns the translation key of the first *Error in err's chain, or
// "" for an internal error.
func KeyOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Key
	}
	return ""
}
