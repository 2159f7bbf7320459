package store

import (
	"context"
	"fmt"
	"strings"
)

// Tags returns every tag in the record, each once, in order.
func (s *Store) Tags(ctx context.Context) ([]string, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT DISTINCT tag FROM entry_tags ORDER BY tag`)
	if err != nil {
		return nil, fmt.Errorf("list tags: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("list tags: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// IDTitle is an entry's id with its title, for completing ids.
type IDTitle struct {
	ID, Title string
}

// IDsWithPrefix returns up to limit entries whose id starts with prefix, in
// id order.
func (s *Store) IDsWithPrefix(ctx context.Context, prefix string, limit int) ([]IDTitle, error) {
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	rows, err := s.q.QueryContext(ctx, `SELECT id, title FROM entries WHERE id >= ? AND id < ? ORDER BY id LIMIT ?`,
		prefix, prefix+"\x7f", limit)
	if err != nil {
		return nil, fmt.Errorf("list ids: %w", err)
	}
	defer rows.Close()
	var out []IDTitle
	for rows.Next() {
		var it IDTitle
		if err := rows.Scan(&it.ID, &it.Title); err != nil {
			return nil, fmt.Errorf("list ids: %w", err)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}
