-- Subscribers, digest editions and the outbox. Times are Unix milliseconds (UTC).
--
-- email_key is the address lower-cased: addresses are unique case-insensitively, while the
-- address is kept as the subscriber wrote it. channels and keywords hold one item per line.
-- cursor_seq is the newest article import sequence the subscriber has been offered: the next
-- digest starts after it.
CREATE TABLE subscribers (
    id            INTEGER NOT NULL PRIMARY KEY,
    email         TEXT    NOT NULL,
    email_key     TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('pending', 'active', 'unsubscribed', 'bounced')),
    frequency     TEXT    NOT NULL CHECK (frequency IN ('daily', 'weekly')),
    channels      TEXT    NOT NULL,
    keywords      TEXT    NOT NULL,
    token         TEXT    NOT NULL UNIQUE,
    cursor_seq    INTEGER NOT NULL,
    hard_failures INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    confirmed_at  INTEGER,
    updated_at    INTEGER NOT NULL
);

CREATE INDEX ix_subscribers_due ON subscribers (status, frequency, id);

-- One row per (frequency, scheduled time): planning an edition twice finds the same row.
-- through_seq freezes the articles the edition may carry when it is first created, so a
-- planning run that is interrupted and resumed selects exactly what it would have.
-- planned_at is set once every subscriber of the edition has a delivery row.
CREATE TABLE editions (
    id           INTEGER NOT NULL PRIMARY KEY,
    frequency    TEXT    NOT NULL CHECK (frequency IN ('daily', 'weekly')),
    scheduled_at INTEGER NOT NULL,
    through_seq  INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    planned_at   INTEGER,
    UNIQUE (frequency, scheduled_at)
);

-- The outbox: one row per (edition, subscriber), written before anything is sent.
-- status: pending -> sending (leased to one sender until lease_until) -> sent | deferred | failed;
-- skipped when there was nothing to send (reason says why). articles lists the import
-- sequences chosen at planning, so a resend carries the same articles.
CREATE TABLE deliveries (
    id              INTEGER NOT NULL PRIMARY KEY,
    edition_id      INTEGER NOT NULL REFERENCES editions (id),
    subscriber_id   INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    status          TEXT    NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'deferred', 'failed', 'skipped')),
    articles        TEXT    NOT NULL,
    article_count   INTEGER NOT NULL,
    message_id      TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_owner     TEXT,
    lease_until     INTEGER,
    reason          TEXT,
    last_reply      TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    sent_at         INTEGER,
    UNIQUE (edition_id, subscriber_id)
);

CREATE INDEX ix_deliveries_due ON deliveries (status, next_attempt_at);
CREATE INDEX ix_deliveries_lease ON deliveries (status, lease_until) WHERE status = 'sending';
CREATE INDEX ix_deliveries_subscriber ON deliveries (subscriber_id);
