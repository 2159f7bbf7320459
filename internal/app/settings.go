package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/store"
	"github.com/phrhealth/phr/internal/when"
)

// InterfaceSettings are the interface's choices kept in the record.
type InterfaceSettings struct {
	// PrivacyStart starts the interface in privacy mode.
	PrivacyStart bool `json:"privacy_start"`
	// LockAfter is the idle lock ("5m", "off"); empty means the default.
	LockAfter string `json:"lock_after"`
}

// ParseLockAfter reads an idle-lock duration: "off" or "0" turns it off,
// anything else must be a duration between 30 seconds and 24 hours.
func ParseLockAfter(s string) (time.Duration, error) {
	return parseLockAfter(s, MinLockAfter)
}

// ParseLockAfterFlag reads phr --lock-after, which holds for one run and is
// not kept: it also takes a few seconds (to show or test the lock), since a
// restart without the flag undoes it. A kept setting takes ParseLockAfter.
func ParseLockAfterFlag(s string) (time.Duration, error) {
	return parseLockAfter(s, time.Second)
}

func parseLockAfter(s string, least time.Duration) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "0" || strings.EqualFold(s, "off") {
		return 0, nil
	}
	d, err := when.ParseDuration(s)
	if err != nil {
		return 0, errs.Wrap(errs.Usage, err)
	}
	if d < least || d > MaxLockAfter {
		// Under half a minute would lock the person out again while they read.
		return 0, errs.New(errs.Usage, "lock after %q: choose between %s and 24h (such as 5m or 1h), or off", s, short(least))
	}
	return d, nil
}

// The idle lock's limits.
const (
	MinLockAfter = 30 * time.Second
	MaxLockAfter = 24 * time.Hour
)

// DurationWords says a duration in words, to whole seconds: "5 minutes",
// "1 hour 30 minutes", "45 seconds"; zero is "off".
func DurationWords(d time.Duration) string {
	if d <= 0 {
		return "off"
	}
	d = d.Round(time.Second)
	var parts []string
	add := func(n int64, unit string) {
		if n == 0 {
			return
		}
		if n != 1 {
			unit += "s"
		}
		parts = append(parts, fmt.Sprintf("%d %s", n, unit))
	}
	add(int64(d/time.Hour), "hour")
	add(int64(d%time.Hour/time.Minute), "minute")
	add(int64(d%time.Minute/time.Second), "second")
	return strings.Join(parts, " ")
}

// Settings returns the interface settings.
func (s *Session) Settings(ctx context.Context) (InterfaceSettings, error) {
	p, err := s.Setting(ctx, SettingPrivacyStart)
	if err != nil {
		return InterfaceSettings{}, err
	}
	l, err := s.Setting(ctx, SettingLockAfter)
	return InterfaceSettings{PrivacyStart: p == "1", LockAfter: l}, err
}

// SaveSettings validates and stores the interface settings; a nil field is
// left as it is.
func (s *Session) SaveSettings(ctx context.Context, privacyStart *bool, lockAfter *string) error {
	if lockAfter != nil {
		if _, err := ParseLockAfter(*lockAfter); err != nil {
			return err
		}
	}
	detail := map[string]any{}
	return s.commit(ctx, audit.Settings, detail, func(tx *store.Store) error {
		if privacyStart != nil {
			v := "0"
			if *privacyStart {
				v = "1"
			}
			detail["privacy_start"] = *privacyStart
			if err := tx.SetSetting(ctx, SettingPrivacyStart, v); err != nil {
				return err
			}
		}
		if lockAfter != nil {
			detail["lock_after"] = *lockAfter
			return tx.SetSetting(ctx, SettingLockAfter, strings.TrimSpace(*lockAfter))
		}
		return nil
	})
}

// short is "30s" or "1s".
func short(d time.Duration) string { return fmt.Sprintf("%ds", d/time.Second) }
