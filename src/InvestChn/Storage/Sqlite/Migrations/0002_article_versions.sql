-- A store-wide change counter: every insert and every update gives the row the next version,
-- so "has anything changed since the feeds were built" is one indexed MAX() away.
ALTER TABLE articles ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
UPDATE articles SET version = import_seq;
CREATE INDEX ix_articles_version ON articles (version);
