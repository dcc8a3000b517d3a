-- Articles imported from the site's pages.
-- Times are Unix milliseconds (UTC); published_date is the date in the site's time zone,
-- kept so that a .txt and an .html copy of one article (same title, same day) meet.
-- version is a store-wide change counter: every insert and update takes the next value, so
-- "has anything changed since the feeds were built" is one indexed MAX() away.
CREATE TABLE articles (
    id                TEXT    NOT NULL PRIMARY KEY,
    import_seq        INTEGER NOT NULL UNIQUE,
    url               TEXT    NOT NULL UNIQUE,
    url_derived       INTEGER NOT NULL CHECK (url_derived IN (0, 1)),
    title             TEXT    NOT NULL,
    published_at      INTEGER NOT NULL,
    published_date    TEXT    NOT NULL,
    source            TEXT    NOT NULL,
    channel           TEXT    NOT NULL,
    body_html         TEXT    NOT NULL,
    body_text         TEXT    NOT NULL,
    content_hash      TEXT    NOT NULL,
    first_imported_at INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    version           INTEGER NOT NULL
);

CREATE INDEX ix_articles_title_date ON articles (title, published_date);
CREATE INDEX ix_articles_version ON articles (version);
