package app

import (
	"context"
	"slices"
	"strconv"

	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/sensitive"
	"github.com/phrhealth/phr/internal/store"
)

// settingKindsVersion names the sensitive tables (sensitive.Version) the
// stored kinds were last inferred with.
const settingKindsVersion = "sensitive_tables"

// refreshKinds brings the stored sensitive kinds of every entry the person
// has not reviewed up to this phr's tables, once after they changed (a
// newer phr), so that every display (the ⚑ marks, the detail screen, the
// share wizard's list) shows the kinds the gate uses without inferring
// them again each time. Kinds are only added (sensitive.Effective), never
// taken away. A session that may write saves the result with an audit row
// naming how many entries changed; one that may not keeps it in memory for
// itself, and the next writer does it again.
func (s *Session) refreshKinds(ctx context.Context) error {
	version := sensitive.Version()
	have, _, err := s.st.Setting(ctx, settingKindsVersion)
	if err != nil || have == version {
		return err
	}
	type change struct {
		id    string
		kinds []record.Kind
	}
	var changed []change
	err = s.st.EachEntry(ctx, store.Filter{Oldest: true}, func(e record.Entry) error {
		if e.SensitiveReviewed {
			return nil
		}
		if k := sensitive.Effective(&e); !slices.Equal(k, record.NormalizeKinds(e.Sensitive)) {
			changed = append(changed, change{e.ID, k})
		}
		return nil
	})
	if err != nil {
		return err
	}
	update := func(tx *store.Store) error {
		for _, c := range changed {
			if err := tx.SetKinds(ctx, c.id, c.kinds); err != nil {
				return err
			}
		}
		return tx.SetSetting(ctx, settingKindsVersion, version)
	}
	if !s.writable {
		return s.st.Tx(ctx, update)
	}
	return s.commitQuiet(ctx, audit.Kinds, map[string]string{"tables": version[:12], "entries": strconv.Itoa(len(changed))}, update)
}
