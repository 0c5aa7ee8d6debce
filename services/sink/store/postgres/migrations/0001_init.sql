-- 0001_init: articles, the entity registry, the entities of each article
-- with their mentions, quotes, events and participants, with the indexes the
-- read API's queries need and no more (every index costs each Upsert).
--
-- The tables mirror the SQLite schema (migrations/sqlite) with PostgreSQL's
-- types: timestamptz for times, json and jsonb for JSON, a tsvector
-- with a GIN index for full-text search. Event dates stay text
-- (YYYY-MM-DD as the record carries them; text order is date order).
-- Offsets are byte offsets into articles.body, half-open [start, end).
-- Large values are compressed with lz4, which costs half of the default
-- pglz per article stored.
--
-- Child rows (article_entities, quotes, events, event_participants) point
-- at articles by seq and at the registry by entity id without foreign-key
-- constraints: only the writer writes them, in the transaction that writes
-- their article and registers its entities, and it deletes them before
-- writing them again (the conformance suite checks the counts). The
-- constraints' checks (some 115 per article) cost a quarter of the write
-- throughput. To delete an article by hand, delete its child rows in the
-- same transaction.

CREATE TABLE articles (
    seq            bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id             text    NOT NULL UNIQUE,   -- document id (hex SHA-256)
    schema_version integer NOT NULL,
    source         text    NOT NULL,
    source_url     text,
    media_type     text,
    title          text,
    byline         text,
    dateline       text,
    published      timestamptz,               -- NULL when the article states no date
    language       text,
    body           text    COMPRESSION lz4 NOT NULL,
    received_at    timestamptz NOT NULL,
    parsed_at      timestamptz,
    enriched_at    timestamptz,
    enriched       boolean NOT NULL DEFAULT false,
    extractor      text,
    trace_id       text,
    record         json    COMPRESSION lz4 NOT NULL,  -- the full record, for export
    stored_at      timestamptz NOT NULL,      -- first stored
    updated_at     timestamptz NOT NULL,      -- last replaced
    -- The words of title and body (lower-cased, without positions), computed
    -- by the writer (store/search.go), which also turns a search into a
    -- tsquery with the same rules: to_tsvector here cost a third of an insert.
    search         tsvector NOT NULL DEFAULT ''
);
CREATE INDEX articles_received ON articles (received_at, id);
CREATE INDEX articles_seen ON articles ((coalesce(published, received_at)));
CREATE INDEX articles_search ON articles USING gin (search);

-- The canonical entity registry, across articles. Every article updates the
-- seen times and counts of its entities: no index covers those columns, and
-- pages keep room, so that the updates are HOT (no index writes). A listing
-- by article count sorts the rows the type or name index narrowed.
CREATE TABLE entities (
    id            text    PRIMARY KEY,        -- canonical id, e.g. per:john-healey
    type          text    NOT NULL,           -- PERSON, ORG, LOC, NORP
    name          text    NOT NULL,
    name_key      text    NOT NULL,           -- lower-cased name, for prefix search
    aliases       jsonb   NOT NULL DEFAULT '[]',
    first_seen    timestamptz NOT NULL,
    last_seen     timestamptz NOT NULL,
    article_count integer NOT NULL DEFAULT 0  -- articles naming it, kept by Upsert
) WITH (fillfactor = 70);
CREATE INDEX entities_type_name ON entities (type, name_key text_pattern_ops);
CREATE INDEX entities_name ON entities (name_key text_pattern_ops);

-- Which entities an article names, with the name it gives them and every
-- mention (JSON array of {text, start, end, kind}).
CREATE TABLE article_entities (
    article_seq   bigint  NOT NULL,
    entity_id     text    NOT NULL,
    ordinal       integer NOT NULL,
    type          text    NOT NULL,
    name          text    NOT NULL,
    mention_count integer NOT NULL,
    mentions      json    COMPRESSION lz4 NOT NULL,
    PRIMARY KEY (article_seq, entity_id)
);
CREATE INDEX article_entities_entity ON article_entities (entity_id, article_seq);

-- Direct speech. speaker_id is a soft reference to entities.
CREATE TABLE quotes (
    article_seq  bigint  NOT NULL,
    ordinal      integer NOT NULL,
    speaker_id   text,
    speaker_name text,
    text         text    NOT NULL,
    start_offset integer NOT NULL,
    end_offset   integer NOT NULL,
    cue          text,
    partial      boolean NOT NULL DEFAULT false,
    PRIMARY KEY (article_seq, ordinal)
);
CREATE INDEX quotes_speaker ON quotes (speaker_id, article_seq) WHERE speaker_id IS NOT NULL;

-- Events coded in CAMEO. location_id is a soft reference to entities.
CREATE TABLE events (
    article_seq    bigint  NOT NULL,
    ordinal        integer NOT NULL,
    code           text    NOT NULL,
    root_code      text    NOT NULL,
    label          text,
    quad_class     integer,
    goldstein      double precision NOT NULL,
    location_id    text,
    location_name  text,
    time_text      text,
    date           text,
    future         boolean NOT NULL DEFAULT false,
    evidence_text  text,
    evidence_start integer NOT NULL,
    evidence_end   integer NOT NULL,
    PRIMARY KEY (article_seq, ordinal)
);
CREATE INDEX events_root_date ON events (root_code, date);
CREATE INDEX events_date ON events (date) WHERE date IS NOT NULL;
CREATE INDEX events_location ON events (location_id) WHERE location_id IS NOT NULL;

-- Actors and targets of events.
CREATE TABLE event_participants (
    article_seq   bigint  NOT NULL,
    event_ordinal integer NOT NULL,
    role          text    NOT NULL CHECK (role IN ('actor', 'target')),
    ordinal       integer NOT NULL,
    entity_id     text,
    name          text    NOT NULL,
    PRIMARY KEY (article_seq, event_ordinal, role, ordinal)
);
CREATE INDEX event_participants_entity ON event_participants (entity_id, role) WHERE entity_id IS NOT NULL;
