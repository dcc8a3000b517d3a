-- Claims look only for pending and deferred rows that are due. An index over every status made
-- each recorded result move an entry from 'sending' to 'sent' (two index pages written in every
-- result's commit); one partial index per claimed status holds only the rows a claim can take,
-- so a row leaves them when it is claimed and a result no longer touches them. Counting rows by
-- status reads the table instead, which only the status commands and the admin API do.
DROP INDEX ix_deliveries_due;
CREATE INDEX ix_deliveries_pending ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX ix_deliveries_deferred ON deliveries (next_attempt_at) WHERE status = 'deferred';
