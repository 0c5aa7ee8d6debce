package sqlstore

import "database/sql"

// EachRow calls fn on every row of a query's result, closes the rows and
// returns the first error: the query's (err, when rows is nil), fn's or
// the iteration's.
func EachRow(rows *sql.Rows, err error, fn func(*sql.Rows) error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
