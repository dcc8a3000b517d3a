-- Feed documents of a cluster: built by one node, served by every node from here, so all of them
-- answer with the same bytes, ETag and Last-Modified. name is the path below /feeds/
-- (all.atom, archive/policy-2.rss, index.opml); etag is the hash the ETag header carries.
CREATE TABLE feed_documents (
    name       text COLLATE "C" NOT NULL PRIMARY KEY,
    content    bytea NOT NULL,
    etag       text NOT NULL,
    updated_at bigint NOT NULL
);
