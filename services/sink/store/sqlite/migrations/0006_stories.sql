-- 0006_stories: each article's near-duplicate original and story (issue 14):
-- GET /api/v1/articles?duplicates=false, ?story=, and GET /api/v1/stories.
ALTER TABLE articles ADD COLUMN duplicate_of TEXT;
ALTER TABLE articles ADD COLUMN story_id TEXT;
CREATE INDEX articles_story ON articles (story_id, seq) WHERE story_id IS NOT NULL;
CREATE INDEX articles_duplicate_of ON articles (duplicate_of) WHERE duplicate_of IS NOT NULL;
