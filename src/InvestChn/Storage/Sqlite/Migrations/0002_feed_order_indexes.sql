-- Feeds read every article's (published_at, id, version) in published order, site-wide and per
-- channel; covering indexes answer that without touching the rows (which carry the bodies).
CREATE INDEX ix_articles_feed_order ON articles (published_at, id, version);
CREATE INDEX ix_articles_channel_feed_order ON articles (channel, published_at, id, version);
