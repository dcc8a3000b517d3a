-- Public subscription pages: confirmation emails in the outbox, the time of the last one per
-- subscriber, and the key that signs subscriber links when none is configured.
--
-- confirm_sent_at: when the last confirmation email was queued (Subscriptions:ConfirmationInterval
-- is counted from it).
ALTER TABLE subscribers ADD COLUMN confirm_sent_at INTEGER;

-- Keys made here, never configured ones: Subscriptions:TokenKey, when set, comes from the
-- environment and is never stored. The one made now signs links until a key is configured, and is
-- still accepted afterwards so that links already sent keep working.
CREATE TABLE signing_keys (
    name       TEXT    NOT NULL PRIMARY KEY,
    key        BLOB    NOT NULL,
    created_at INTEGER NOT NULL
);

INSERT INTO signing_keys (name, key, created_at)
VALUES ('subscriber-links', randomblob(32), CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));

-- The outbox carries two kinds of message: digests (one per edition and subscriber, as before) and
-- confirmation emails (no edition). SQLite cannot relax NOT NULL in place, so the table is
-- rebuilt with the same rows; nothing references deliveries.
CREATE TABLE deliveries_new (
    id              INTEGER NOT NULL PRIMARY KEY,
    kind            TEXT    NOT NULL DEFAULT 'digest' CHECK (kind IN ('digest', 'confirm')),
    edition_id      INTEGER REFERENCES editions (id),
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
    UNIQUE (edition_id, subscriber_id),
    CHECK ((kind = 'digest') = (edition_id IS NOT NULL))
);

INSERT INTO deliveries_new (id, kind, edition_id, subscriber_id, status, articles, article_count, message_id, attempts, next_attempt_at,
                            lease_owner, lease_until, reason, last_reply, created_at, updated_at, sent_at)
SELECT id, 'digest', edition_id, subscriber_id, status, articles, article_count, message_id, attempts, next_attempt_at,
       lease_owner, lease_until, reason, last_reply, created_at, updated_at, sent_at
FROM deliveries;

DROP TABLE deliveries;
ALTER TABLE deliveries_new RENAME TO deliveries;

CREATE INDEX ix_deliveries_due ON deliveries (status, next_attempt_at);
CREATE INDEX ix_deliveries_lease ON deliveries (status, lease_until) WHERE status = 'sending';
CREATE INDEX ix_deliveries_subscriber ON deliveries (subscriber_id);
