-- 0009_record_parts: a stored record (the JSON of the article's entities,
-- quotes and events, without its body) over a MiB is stored in parts as a
-- body is (0008): its first MiB in articles.record, the rest here. SQLite
-- copied a 9 MB record twice, bound and in its row, some 20 MB at once
-- (issue 12). Readers put it together again (the dialect's Record).
CREATE TABLE article_record_parts (
    article_seq INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
    part        INTEGER NOT NULL,              -- 1, 2, … after articles.record
    text        TEXT    NOT NULL,
    PRIMARY KEY (article_seq, part)
);
