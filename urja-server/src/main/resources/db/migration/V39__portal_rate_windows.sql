-- portal module: per-client-address rate limits of the consumer portal (sign-in, one-time codes), counted here rather
-- than in each node's memory so that every application node behind the load balancer counts the same window and a
-- restart forgets nothing. One row per limit, client address and fixed window (aligned to the window length, so every
-- node computes the same start); a request adds one with INSERT … ON CONFLICT DO UPDATE … RETURNING hits.
-- window_start leads the key so the purge of ended windows is a range of the primary key; hits is not indexed, so the
-- count's update is a HOT update (fillfactor leaves room for it on the page).
CREATE TABLE portal_rate_window
(
    window_start TIMESTAMPTZ NOT NULL,
    limit_name   TEXT        NOT NULL,
    client_key   TEXT        NOT NULL,
    hits         INT         NOT NULL,
    PRIMARY KEY (window_start, limit_name, client_key)
) WITH (fillfactor = 70);
