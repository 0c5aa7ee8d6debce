-- 0003_query_indexes: the indexes follow the read API's queries. Articles
-- are filtered by their time (published, else received: one expression
-- index instead of one on published alone); no query looks articles up by
-- source or quotes by an unnamed speaker's name, so those indexes, which
-- every write paid for, go. The entity timeline and the events of an actor
-- find their events through event_participants.
DROP INDEX articles_published;
DROP INDEX articles_source;
DROP INDEX quotes_speaker_name;
CREATE INDEX articles_seen ON articles (coalesce(published, received_at));
