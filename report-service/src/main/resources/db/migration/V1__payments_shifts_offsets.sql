-- The report store. Rows are facts as received (one per Kafka event, keyed by its event id, never updated);
-- everything derived (which shift a payment belongs to, inherited currency, amendments) is computed at query time
-- by the views below, so late or replayed events land in the right place and a closed shift's report can be
-- recomputed at any time.

CREATE TABLE payments (
    event_id               text        PRIMARY KEY,
    org_id                 text        NOT NULL,
    kind                   text        NOT NULL,
    transaction_id         bigint,
    payment_transaction_id bigint,
    customer_id            text,
    club_id                text,
    amount_minor           bigint      NOT NULL,
    currency               text,
    occurred_at            timestamptz NOT NULL,
    received_at            timestamptz NOT NULL,
    ingested_at            timestamptz NOT NULL DEFAULT now(),
    test_mode              boolean,
    status                 text,
    card_first_six         text,
    card_last_four         text,
    card_type              text,
    total_fee_minor        bigint,
    reason                 text,
    reason_code            integer,
    invoice_id             text
);

CREATE INDEX payments_org_time ON payments (org_id, occurred_at);
CREATE INDEX payments_org_transaction ON payments (org_id, transaction_id);

CREATE TABLE shift_events (
    event_id    text        PRIMARY KEY,
    org_id      text        NOT NULL,
    club_id     text        NOT NULL,
    shift_id    text        NOT NULL,
    action      text        NOT NULL CHECK (action IN ('OPENED', 'CLOSED')),
    occurred_at timestamptz NOT NULL,
    actor       text,
    ingested_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX shift_events_org_shift ON shift_events (org_id, shift_id);
CREATE INDEX shift_events_org_club ON shift_events (org_id, club_id, occurred_at);

-- The sink's position, written in the same transaction as the rows it covers.
CREATE TABLE consumer_offsets (
    group_id    text        NOT NULL,
    topic       text        NOT NULL,
    partition   integer     NOT NULL,
    next_offset bigint      NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, topic, partition)
);

-- A shift as its events describe it: the first OPENED and the first CLOSED per (org, shift id).
-- close_recorded_at is when the close reached this store: what arrives later amends a closed report.
CREATE VIEW shifts AS
SELECT o.org_id, o.shift_id, o.club_id, o.opened_at, o.opened_by,
       c.closed_at, c.closed_by, c.close_recorded_at
  FROM (SELECT DISTINCT ON (org_id, shift_id)
               org_id, shift_id, club_id, occurred_at AS opened_at, actor AS opened_by
          FROM shift_events
         WHERE action = 'OPENED'
         ORDER BY org_id, shift_id, occurred_at, event_id) o
  LEFT JOIN (SELECT DISTINCT ON (org_id, shift_id)
                    org_id, shift_id, occurred_at AS closed_at, actor AS closed_by, ingested_at AS close_recorded_at
               FROM shift_events
              WHERE action = 'CLOSED'
              ORDER BY org_id, shift_id, occurred_at, event_id) c
    ON c.org_id = o.org_id AND c.shift_id = o.shift_id;

-- Each payment row with what it inherits from the payment it refers to (same org; a refund's
-- PaymentTransactionId, otherwise its own TransactionId): Refund and Cancel carry no currency, test flag or card,
-- a Confirm carries no fee (the Authorized Pay does), and a refund may not repeat the app's clubId.
CREATE VIEW payment_facts AS
SELECT p.event_id, p.org_id, p.kind, p.transaction_id, p.payment_transaction_id,
       coalesce(p.customer_id, o.customer_id)       AS customer_id,
       coalesce(p.club_id, o.club_id)               AS club_id,
       p.amount_minor,
       coalesce(p.currency, o.currency)             AS currency,
       p.occurred_at, p.received_at, p.ingested_at,
       coalesce(p.test_mode, o.test_mode, false)    AS test_mode,
       p.status,
       coalesce(p.card_first_six, o.card_first_six) AS card_first_six,
       coalesce(p.card_last_four, o.card_last_four) AS card_last_four,
       coalesce(p.card_type, o.card_type)           AS card_type,
       coalesce(p.total_fee_minor,
                CASE WHEN p.kind = 'CONFIRM' THEN o.total_fee_minor END) AS total_fee_minor,
       p.reason, p.reason_code, p.invoice_id
  FROM payments p
  LEFT JOIN LATERAL (
        SELECT q.customer_id, q.club_id, q.currency, q.test_mode,
               q.card_first_six, q.card_last_four, q.card_type, q.total_fee_minor
          FROM payments q
         WHERE q.org_id = p.org_id
           AND q.transaction_id = coalesce(p.payment_transaction_id, p.transaction_id)
           AND q.kind IN ('PAY', 'CONFIRM', 'CHECK')
           AND q.event_id <> p.event_id
         ORDER BY CASE q.kind WHEN 'PAY' THEN 0 WHEN 'CONFIRM' THEN 1 ELSE 2 END, q.event_id
         LIMIT 1) o ON true;

-- Where each payment belongs, decided now rather than at ingestion: the shift of its club that was open at the
-- payment's time (the latest opened one, should bad data ever make two overlap, so no payment counts twice);
-- otherwise OUTSIDE_ANY_SHIFT when the club has shifts at all, else NO_CLUB.
CREATE VIEW placed_payments AS
SELECT f.*,
       s.shift_id,
       CASE WHEN s.shift_id IS NOT NULL THEN 'SHIFT'
            WHEN f.club_id IS NOT NULL
                 AND EXISTS (SELECT 1 FROM shift_events e WHERE e.org_id = f.org_id AND e.club_id = f.club_id)
            THEN 'OUTSIDE_ANY_SHIFT'
            ELSE 'NO_CLUB' END AS placement,
       coalesce(s.closed_at IS NOT NULL AND f.ingested_at > greatest(s.closed_at, s.close_recorded_at), false) AS amended
  FROM payment_facts f
  LEFT JOIN LATERAL (
        SELECT s.shift_id, s.closed_at, s.close_recorded_at
          FROM shifts s
         WHERE s.org_id = f.org_id
           AND s.club_id = f.club_id
           AND s.opened_at <= f.occurred_at
           AND (s.closed_at IS NULL OR f.occurred_at < s.closed_at)
         ORDER BY s.opened_at DESC, s.shift_id DESC
         LIMIT 1) s ON true;
