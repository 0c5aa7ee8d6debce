-- 0008_body_parts: a body over a MiB is stored in parts: its first MiB (to
-- the next character) in articles.body, as before, which is what the
-- full-text index holds (0007), and the rest in article_body_parts, each part
-- a MiB or so, in order. Binding a 20 MB body whole made SQLite copy it
-- twice into memory of its own (the bound text, then the row), some 50 MB
-- at once, kept by its allocator after (issue 12). Readers put the body
-- together again (the dialect's Body expression).
CREATE TABLE article_body_parts (
    article_seq INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
    part        INTEGER NOT NULL,              -- 1, 2, … after articles.body
    text        TEXT    NOT NULL,
    PRIMARY KEY (article_seq, part)
);
