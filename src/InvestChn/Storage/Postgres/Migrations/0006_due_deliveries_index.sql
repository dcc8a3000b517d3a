-- The PostgreSQL form of the SQLite script of the same number: claims look only for pending and
-- deferred rows that are due, so one partial index per claimed status replaces the index over
-- every status, and recording a result no longer moves an index entry from 'sending' to 'sent'.
DROP INDEX ix_deliveries_due;
CREATE INDEX ix_deliveries_pending ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX ix_deliveries_deferred ON deliveries (next_attempt_at) WHERE status = 'deferred';
