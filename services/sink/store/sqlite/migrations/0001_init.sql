-- 0001_init: articles, the entity registry, the entities of each article
-- with their mentions, quotes, events and participants, with the indexes the
-- read API's queries need and no more (every index costs each Upsert).
--
-- Times are TEXT in one fixed-width UTC layout (2006-01-02T15:04:05.000000000Z),
-- so that text order is time order and SQLite's date functions read them.
-- Offsets are byte offsets into articles.body, half-open [start, end).

CREATE TABLE articles (
    seq            INTEGER PRIMARY KEY,       -- stable rowid (the full-text index points at it)
    id             TEXT    NOT NULL UNIQUE,   -- document id (hex SHA-256)
    schema_version INTEGER NOT NULL,
    source         TEXT    NOT NULL,
    source_url     TEXT,
    media_type     TEXT,
    title          TEXT,
    byline         TEXT,
    dateline       TEXT,
    published      TEXT,                      -- NULL when the article states no date
    language       TEXT,
    body           TEXT    NOT NULL,
    received_at    TEXT    NOT NULL,
    parsed_at      TEXT,
    enriched_at    TEXT,
    enriched       INTEGER NOT NULL DEFAULT 0,
    extractor      TEXT,
    trace_id       TEXT,
    record         TEXT    NOT NULL,          -- the full record (JSON), for export
    stored_at      TEXT    NOT NULL,          -- first stored
    updated_at     TEXT    NOT NULL           -- last replaced
);
CREATE INDEX articles_received ON articles (received_at, id);
CREATE INDEX articles_published ON articles (published) WHERE published IS NOT NULL;
CREATE INDEX articles_source ON articles (source);

-- Full-text search over title and body (external content: the text lives in articles).
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, body,
    content = 'articles', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.seq, new.title, new.body);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.seq, old.title, old.body);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles
WHEN old.title IS NOT new.title OR old.body IS NOT new.body BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.seq, old.title, old.body);
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.seq, new.title, new.body);
END;

-- The canonical entity registry, across articles. Only type, name and
-- name_key are indexed: they rarely change, while the seen times and the
-- article count change with every article (a name-prefix query sorts its
-- matches by article_count after the index narrowed them).
CREATE TABLE entities (
    id            TEXT    PRIMARY KEY,        -- canonical id, e.g. per:john-healey
    type          TEXT    NOT NULL,           -- PERSON, ORG, LOC, NORP
    name          TEXT    NOT NULL,
    name_key      TEXT    NOT NULL,           -- lower-cased name, for prefix search
    aliases       TEXT    NOT NULL DEFAULT '[]',  -- JSON array
    first_seen    TEXT    NOT NULL,
    last_seen     TEXT    NOT NULL,
    article_count INTEGER NOT NULL DEFAULT 0  -- articles naming it, kept by Upsert
) WITHOUT ROWID;
CREATE INDEX entities_type_name ON entities (type, name_key);
CREATE INDEX entities_name ON entities (name_key);

-- Which entities an article names, with the name it gives them and every
-- mention (JSON array of {text, start, end, kind}). Child tables are keyed by
-- articles.seq: new articles append at the end of each tree instead of
-- scattering 64-character ids through it.
CREATE TABLE article_entities (
    article_seq   INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
    entity_id     TEXT    NOT NULL REFERENCES entities (id),
    ordinal       INTEGER NOT NULL,           -- position in the record's entity list
    type          TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    mention_count INTEGER NOT NULL,
    mentions      TEXT    NOT NULL,           -- JSON array
    PRIMARY KEY (article_seq, entity_id)
) WITHOUT ROWID;
CREATE INDEX article_entities_entity ON article_entities (entity_id, article_seq);

-- Direct speech. speaker_id is a soft reference to entities (NULL when the
-- speaker is unnamed or the quote unattributed).
CREATE TABLE quotes (
    article_seq  INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
    ordinal      INTEGER NOT NULL,
    speaker_id   TEXT,
    speaker_name TEXT,
    text         TEXT    NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset   INTEGER NOT NULL,
    cue          TEXT,
    partial      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_seq, ordinal)
) WITHOUT ROWID;
CREATE INDEX quotes_speaker ON quotes (speaker_id) WHERE speaker_id IS NOT NULL;
CREATE INDEX quotes_speaker_name ON quotes (speaker_name) WHERE speaker_id IS NULL AND speaker_name IS NOT NULL;

-- Events coded in CAMEO. location_id is a soft reference to entities.
CREATE TABLE events (
    article_seq    INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
    ordinal        INTEGER NOT NULL,
    code           TEXT    NOT NULL,
    root_code      TEXT    NOT NULL,          -- filled from code when the record omits it
    label          TEXT,
    quad_class     INTEGER,
    goldstein      REAL    NOT NULL,
    location_id    TEXT,
    location_name  TEXT,
    time_text      TEXT,
    date           TEXT,                      -- YYYY-MM-DD when resolved
    future         INTEGER NOT NULL DEFAULT 0,
    evidence_text  TEXT,
    evidence_start INTEGER NOT NULL,
    evidence_end   INTEGER NOT NULL,
    PRIMARY KEY (article_seq, ordinal)
) WITHOUT ROWID;
CREATE INDEX events_root_date ON events (root_code, date);  -- by root code (and code), in a date range
CREATE INDEX events_date ON events (date) WHERE date IS NOT NULL;
CREATE INDEX events_location ON events (location_id) WHERE location_id IS NOT NULL;

-- Actors and targets of events. entity_id is a soft reference (NULL for an
-- unnamed participant such as "a spokesman").
CREATE TABLE event_participants (
    article_seq   INTEGER NOT NULL,
    event_ordinal INTEGER NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('actor', 'target')),
    ordinal       INTEGER NOT NULL,
    entity_id     TEXT,
    name          TEXT    NOT NULL,
    PRIMARY KEY (article_seq, event_ordinal, role, ordinal),
    FOREIGN KEY (article_seq, event_ordinal) REFERENCES events (article_seq, ordinal) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX event_participants_entity ON event_participants (entity_id, role) WHERE entity_id IS NOT NULL;
