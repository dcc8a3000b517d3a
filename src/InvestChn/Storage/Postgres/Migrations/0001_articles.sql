-- Articles imported from the site's pages (the PostgreSQL form of the SQLite script of the same number).
-- Times are Unix milliseconds (UTC), as in SQLite, so both stores share their row mapping.
-- Text that is compared by range or sorted uses the "C" collation: byte order, as SQLite sorts,
-- whatever locale the database was created with.
CREATE TABLE articles (
    id                text COLLATE "C" NOT NULL PRIMARY KEY,
    import_seq        bigint NOT NULL UNIQUE,
    url               text COLLATE "C" NOT NULL UNIQUE,
    url_derived       bigint NOT NULL CHECK (url_derived IN (0, 1)),
    title             text COLLATE "C" NOT NULL,
    published_at      bigint NOT NULL,
    published_date    text COLLATE "C" NOT NULL,
    source            text NOT NULL,
    channel           text COLLATE "C" NOT NULL,
    body_html         text NOT NULL,
    body_text         text NOT NULL,
    content_hash      text NOT NULL,
    first_imported_at bigint NOT NULL,
    updated_at        bigint NOT NULL,
    version           bigint NOT NULL
);

CREATE INDEX ix_articles_title_date ON articles (title, published_date);
CREATE INDEX ix_articles_version ON articles (version);
