-- 0004_subscriptions: webhook subscriptions (POST /api/v1/subscriptions):
-- the fan-out subject filter, where to POST and the secret that signs it.
CREATE TABLE subscriptions (
    id         text PRIMARY KEY,
    name       text NOT NULL,
    subject    text NOT NULL,
    url        text NOT NULL,
    secret     text NOT NULL,
    created_at timestamptz NOT NULL
);
