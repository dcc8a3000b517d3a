-- Feeds page their archives in import order and show the newest articles by published time;
-- covering indexes answer both, site-wide and per channel, without reading the bodies.
CREATE INDEX ix_articles_import_order ON articles (import_seq) INCLUDE (version);
CREATE INDEX ix_articles_channel_import_order ON articles (channel, import_seq) INCLUDE (version);
CREATE INDEX ix_articles_published ON articles (published_at, id);
CREATE INDEX ix_articles_channel_published ON articles (channel, published_at, id);
