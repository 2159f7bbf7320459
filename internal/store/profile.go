package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/phrhealth/phr/internal/record"
)

// Setting keys kept in the settings table.
const (
	keyProfileName      = "profile.name"
	keyProfileBorn      = "profile.born"
	keyProfileBloodType = "profile.blood_type"
	keyProfileEmergency = "profile.emergency_contact"
	keyProfileLanguages = "profile.languages"
	keyProfileNotes     = "profile.emergency_notes"
)

// Setting returns a stored setting and whether it exists.
func (s *Store) Setting(ctx context.Context, key string) (string, bool, error) {
	var v string
	err := s.q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key=?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, true, nil
}

// SetSetting stores a setting, replacing any earlier value.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	_, err := s.q.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES (?,?)
		ON CONFLICT(key) DO UPDATE SET value=excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("save setting %s: %w", key, err)
	}
	return nil
}

// Profile returns the person's profile (empty fields where unknown).
func (s *Store) Profile(ctx context.Context) (record.Profile, error) {
	var p record.Profile
	for key, dst := range map[string]*string{
		keyProfileName: &p.Name, keyProfileBorn: &p.Born,
		keyProfileBloodType: &p.BloodType, keyProfileEmergency: &p.EmergencyContact,
		keyProfileLanguages: &p.Languages, keyProfileNotes: &p.EmergencyNotes,
	} {
		v, _, err := s.Setting(ctx, key)
		if err != nil {
			return p, err
		}
		*dst = v
	}
	return p, nil
}

// SetProfile stores the profile.
func (s *Store) SetProfile(ctx context.Context, p record.Profile) error {
	for key, v := range map[string]string{
		keyProfileName: p.Name, keyProfileBorn: p.Born,
		keyProfileBloodType: p.BloodType, keyProfileEmergency: p.EmergencyContact,
		keyProfileLanguages: p.Languages, keyProfileNotes: p.EmergencyNotes,
	} {
		if err := s.SetSetting(ctx, key, v); err != nil {
			return err
		}
	}
	return nil
}
