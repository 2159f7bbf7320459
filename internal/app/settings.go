package app

import (
	"context"
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
	s = strings.TrimSpace(s)
	if s == "0" || strings.EqualFold(s, "off") {
		return 0, nil
	}
	d, err := when.ParseDuration(s)
	if err != nil {
		return 0, errs.Wrap(errs.Usage, err)
	}
	if d < time.Second || d > 24*time.Hour {
		return 0, errs.New(errs.Usage, "lock after %q: choose between 1s and 24h, or off", s)
	}
	return d, nil
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
