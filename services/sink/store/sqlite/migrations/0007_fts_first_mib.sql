-- 0007_fts_first_mib: the full-text index holds the title and the first MiB
-- (1,048,576 bytes) of each body, not the whole body: indexing a 20 MB body
-- took some 70 MB of SQLite's memory at once (issue 12). The cut is in
-- bytes, the same here and in the writer (fts.go). Bodies over it that were
-- indexed whole are indexed again, cut; the delete trigger removes the cut.
INSERT INTO articles_fts (articles_fts, rowid, title, body)
    SELECT 'delete', seq, title, body FROM articles WHERE length(CAST(body AS BLOB)) > 1048576;
INSERT INTO articles_fts (rowid, title, body)
    SELECT seq, title, CAST(substr(CAST(body AS BLOB), 1, 1048576) AS TEXT) FROM articles WHERE length(CAST(body AS BLOB)) > 1048576;
DROP TRIGGER articles_fts_delete;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body)
        VALUES ('delete', old.seq, old.title, CAST(substr(CAST(old.body AS BLOB), 1, 1048576) AS TEXT));
END;
