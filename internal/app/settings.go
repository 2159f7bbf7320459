package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/store"
	"github.com/phrhealth/phr/internal/when"
)

// InterfaceSettings are the interface's choices kept in the record.
type InterfaceSettings struct {
	// PrivacyStart starts the interface in privacy mode.
	PrivacyStart bool `json:"privacy_start"`
	// LockAfter is the idle lock ("5m", "off"); empty means the default.
	LockAfter string `json:"lock_after"`
	// Units are the units readings are shown in, by kind; empty as
	// recorded. The commands and the interface show them so; entries keep
	// the values they were recorded in.
	Units record.DisplayUnits `json:"units"`
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
	if err != nil {
		return InterfaceSettings{}, err
	}
	u, err := s.Units(ctx)
	return InterfaceSettings{PrivacyStart: p == "1", LockAfter: l, Units: u}, err
}

// Units returns the units chosen to show readings in. A stored choice
// phr no longer knows reads as "as recorded".
func (s *Session) Units(ctx context.Context) (record.DisplayUnits, error) {
	var u record.DisplayUnits
	for _, k := range record.UnitKinds {
		v, err := s.Setting(ctx, settingUnits+k)
		if err != nil {
			return record.DisplayUnits{}, err
		}
		_ = u.Set(k, v) // a choice phr no longer knows: as recorded
	}
	return u, nil
}

// SettingsChange is a change of settings; a nil or missing field is left
// as it is.
type SettingsChange struct {
	PrivacyStart *bool
	LockAfter    *string
	// Units maps a kind of measurement ("weight") to the unit to show it
	// in ("lb"; "as-recorded" shows readings as recorded).
	Units map[string]string
}

// SaveSettings validates and stores the interface settings; a nil field is
// left as it is.
func (s *Session) SaveSettings(ctx context.Context, privacyStart *bool, lockAfter *string) error {
	return s.ChangeSettings(ctx, SettingsChange{PrivacyStart: privacyStart, LockAfter: lockAfter})
}

// ChangeSettings validates a change of settings and stores it in one
// save, audited; nothing is stored when any part is refused.
func (s *Session) ChangeSettings(ctx context.Context, c SettingsChange) error {
	if c.LockAfter != nil {
		if _, err := ParseLockAfter(*c.LockAfter); err != nil {
			return err
		}
	}
	for k, v := range c.Units {
		if record.UnitChoices(k) == nil {
			_, err := record.ParseUnitChoice(k, v)
			return errs.Wrap(errs.Usage, err)
		}
	}
	var u record.DisplayUnits
	detail := map[string]any{}
	for _, k := range record.UnitKinds {
		if v, ok := c.Units[k]; ok {
			if err := u.Set(k, v); err != nil {
				return errs.Wrap(errs.Usage, err)
			}
			detail["units."+k] = dashIfEmpty(u.Get(k))
		}
	}
	if c.PrivacyStart == nil && c.LockAfter == nil && len(detail) == 0 {
		return nil
	}
	return s.commit(ctx, audit.Settings, detail, func(tx *store.Store) error {
		if c.PrivacyStart != nil {
			v := "0"
			if *c.PrivacyStart {
				v = "1"
			}
			detail["privacy_start"] = *c.PrivacyStart
			if err := tx.SetSetting(ctx, SettingPrivacyStart, v); err != nil {
				return err
			}
		}
		if c.LockAfter != nil {
			detail["lock_after"] = *c.LockAfter
			if err := tx.SetSetting(ctx, SettingLockAfter, strings.TrimSpace(*c.LockAfter)); err != nil {
				return err
			}
		}
		for _, k := range record.UnitKinds {
			if _, ok := c.Units[k]; ok {
				if err := tx.SetSetting(ctx, settingUnits+k, u.Get(k)); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// dashIfEmpty is "as recorded" for an empty choice, for the audit log.
func dashIfEmpty(s string) string {
	if s == "" {
		return "as recorded"
	}
	return s
}

// short is "30s" or "1s".
func short(d time.Duration) string { return fmt.Sprintf("%ds", d/time.Second) }
