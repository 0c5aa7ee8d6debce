-- 0005_subscriptions: webhook subscriptions (POST /api/v1/subscriptions):
-- the fan-out subject filter, where to POST and the secret that signs it.
CREATE TABLE subscriptions (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL,
    created_at TEXT NOT NULL
);
