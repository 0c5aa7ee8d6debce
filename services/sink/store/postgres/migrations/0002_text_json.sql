-- 0002_text_json: the stored record and each entity's mentions become text.
-- The writer encodes both from Go values, so the json type's check that the
-- input parses (a full JSON parse of the ~17 kB record of every article on
-- the server) bought nothing and cost some 7% of the server time per article
-- stored. Readers decode the text as before. On a database holding articles
-- this rewrites the two tables once.
ALTER TABLE articles ALTER COLUMN record TYPE text USING record::text;
ALTER TABLE article_entities ALTER COLUMN mentions TYPE text USING mentions::text;

ALTER TABLE articles ALTER COLUMN record SET COMPRESSION lz4;
ALTER TABLE article_entities ALTER COLUMN mentions SET COMPRESSION lz4;
