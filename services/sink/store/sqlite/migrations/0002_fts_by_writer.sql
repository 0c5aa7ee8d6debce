-- 0002_fts_by_writer: the writer keeps the full-text index itself, once per
-- batch and after every other write of the batch's transaction, instead of
-- triggers on articles. Fired by an article's upsert, the triggers made the
-- index flush its pending terms at every later statement of the
-- transaction (each statement's savepoint reaches the virtual table): a
-- fifth of the time of an upsert. The delete trigger stays for rows deleted
-- by hand; the index's content is unchanged.
DROP TRIGGER articles_fts_insert;
DROP TRIGGER articles_fts_update;
