-- Segmented terms per article, for keyword subscriptions, topic feeds and `articles topics` (the
-- PostgreSQL form of the SQLite script of the same number). terms holds "\nterm\tcount" per
-- distinct term and a final "\n" ('' until segmented), so one term is found with
-- strpos(terms, E'\n' || term || E'\t'). terms_dictionary is the hash of the dictionary the terms
-- were cut with: rows with another hash are out of date.
ALTER TABLE articles ADD COLUMN terms text NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN terms_dictionary text COLLATE "C" NOT NULL DEFAULT '';

-- The articles of a delivery that are sent again because they changed since the subscriber was
-- last sent them: a comma list of import sequences (a subset of articles, which is a comma list
-- too); the digest marks them 更新.
ALTER TABLE deliveries ADD COLUMN updated_articles text NOT NULL DEFAULT '';

-- "How many articles are out of date" runs after every import and feed build: an index answers it
-- without reading the rows, which carry the bodies.
CREATE INDEX ix_articles_terms_dictionary ON articles (terms_dictionary);

-- Planning looks for articles changed since their first import within a time window.
CREATE INDEX ix_articles_updated ON articles (updated_at) WHERE updated_at > first_imported_at;
