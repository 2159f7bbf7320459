package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
)

// AddCarer stores a carer; a carer of the same name (ignoring case) is refused.
func (s *Store) AddCarer(ctx context.Context, c record.Carer) error {
	c.Name = strings.TrimSpace(c.Name)
	if c.Name == "" {
		return errs.New(errs.Usage, "a carer needs a name")
	}
	if _, ok, err := s.Carer(ctx, c.Name); err != nil {
		return err
	} else if ok {
		return errs.New(errs.Usage, "a carer named %q already exists: remove it first with phr carer rm", c.Name)
	}
	_, err := s.q.ExecContext(ctx, `INSERT INTO carers(name, relationship, recipient, added) VALUES (?,?,?,?)`,
		c.Name, c.Relationship, c.Recipient, c.Added.UTC().Format(timeLayout))
	if err != nil {
		return fmt.Errorf("add carer: %w", err)
	}
	return nil
}

// Carer returns the carer with the given name (ignoring case).
func (s *Store) Carer(ctx context.Context, name string) (record.Carer, bool, error) {
	cs, err := s.carers(ctx, `WHERE name = ?`, strings.TrimSpace(name))
	if err != nil || len(cs) == 0 {
		return record.Carer{}, false, err
	}
	return cs[0], true, nil
}

// Carers lists every carer by name.
func (s *Store) Carers(ctx context.Context) ([]record.Carer, error) {
	return s.carers(ctx, `ORDER BY name`)
}

func (s *Store) carers(ctx context.Context, tail string, args ...any) ([]record.Carer, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT name, relationship, recipient, added FROM carers `+tail, args...)
	if err != nil {
		return nil, fmt.Errorf("list carers: %w", err)
	}
	defer rows.Close()
	out := []record.Carer{}
	for rows.Next() {
		var c record.Carer
		var added string
		if err := rows.Scan(&c.Name, &c.Relationship, &c.Recipient, &added); err != nil {
			return nil, err
		}
		c.Added, _ = time.Parse(timeLayout, added)
		out = append(out, c)
	}
	return out, rows.Err()
}

// RemoveCarer deletes a carer by name; an unknown name is a usage error.
func (s *Store) RemoveCarer(ctx context.Context, name string) error {
	res, err := s.q.ExecContext(ctx, `DELETE FROM carers WHERE name = ?`, strings.TrimSpace(name))
	if err != nil {
		return fmt.Errorf("remove carer: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.New(errs.Usage, "no carer named %q: see phr carer list", name)
	}
	return nil
}

// AddShare records an extract in the shares history.
func (s *Store) AddShare(ctx context.Context, sh record.Share) error {
	cats, err := json.Marshal(sh.Categories)
	if err != nil {
		return err
	}
	kinds := sh.Sensitive
	if kinds == nil {
		kinds = []record.Kind{}
	}
	sens, err := json.Marshal(kinds)
	if err != nil {
		return err
	}
	_, err = s.q.ExecContext(ctx, `INSERT INTO shares(id, carer, recipient, categories, sensitive, entries, created, expires, sha256, file)
		VALUES (?,?,?,?,?,?,?,?,?,?)`, sh.ID, sh.Carer, sh.Recipient, string(cats), string(sens), sh.Entries,
		sh.Created.UTC().Format(time.RFC3339), sh.Expires.UTC().Format(time.RFC3339), sh.SHA256, sh.File)
	if err != nil {
		return fmt.Errorf("record share: %w", err)
	}
	return nil
}

// Shares lists the shares history, newest first.
func (s *Store) Shares(ctx context.Context) ([]record.Share, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id, carer, recipient, categories, sensitive, entries, created, expires, sha256, file
		FROM shares ORDER BY created DESC, id`)
	if err != nil {
		return nil, fmt.Errorf("list shares: %w", err)
	}
	defer rows.Close()
	out := []record.Share{}
	for rows.Next() {
		var sh record.Share
		var cats, sens, created, expires string
		if err := rows.Scan(&sh.ID, &sh.Carer, &sh.Recipient, &cats, &sens, &sh.Entries, &created, &expires, &sh.SHA256, &sh.File); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(cats), &sh.Categories); err != nil {
			return nil, fmt.Errorf("share %s: %w", sh.ID, err)
		}
		if err := json.Unmarshal([]byte(sens), &sh.Sensitive); err != nil {
			return nil, fmt.Errorf("share %s: %w", sh.ID, err)
		}
		sh.Created, _ = time.Parse(time.RFC3339, created)
		sh.Expires, _ = time.Parse(time.RFC3339, expires)
		out = append(out, sh)
	}
	return out, rows.Err()
}
