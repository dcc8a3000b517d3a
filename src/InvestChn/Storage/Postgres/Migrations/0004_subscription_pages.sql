-- Public subscription pages: confirmation emails in the outbox, the time of the last one per
-- subscriber, and the key that signs subscriber links when none is configured (the PostgreSQL
-- form of the SQLite script of the same number).
--
-- confirm_sent_at: when the last confirmation email was queued (Subscriptions:ConfirmationInterval
-- is counted from it), Unix milliseconds as every time of this store.
ALTER TABLE subscribers ADD COLUMN confirm_sent_at bigint;

-- Keys made here, never configured ones: Subscriptions:TokenKey, when set, comes from the
-- environment and is never stored. The one made now signs links until a key is configured, and is
-- still accepted afterwards so that links already sent keep working. Every node reads the same key.
CREATE TABLE signing_keys (
    name       text COLLATE "C" NOT NULL PRIMARY KEY,
    key        bytea NOT NULL,
    created_at bigint NOT NULL
);

-- 32 bytes from the server's strong random source: gen_random_uuid() (core since PostgreSQL 13)
-- draws on it, and two version-4 UUIDs carry 244 random bits, without needing pgcrypto.
INSERT INTO signing_keys (name, key, created_at)
VALUES ('subscriber-links',
        decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'),
        (extract(epoch FROM clock_timestamp()) * 1000)::bigint);

-- The outbox carries two kinds of message: digests (one per edition and subscriber, as before) and
-- confirmation emails (no edition). PostgreSQL relaxes NOT NULL in place; the unique (edition,
-- subscriber) pair still holds for digests, and NULL editions never collide.
ALTER TABLE deliveries ADD COLUMN kind text NOT NULL DEFAULT 'digest' CHECK (kind IN ('digest', 'confirm'));
ALTER TABLE deliveries ALTER COLUMN edition_id DROP NOT NULL;
ALTER TABLE deliveries ADD CONSTRAINT ck_deliveries_kind_edition CHECK ((kind = 'digest') = (edition_id IS NOT NULL));
