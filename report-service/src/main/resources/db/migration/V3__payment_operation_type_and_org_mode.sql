-- What the report needs to tell payouts and test payments while live from top-ups: the notification's OperationType
-- (Payment, Refund or CardPayout) and the organization's mode (TEST or LIVE) when the gateway accepted it. Both are
-- stored as sent. Rows written before this migration have neither: the report reads a missing operation type as a
-- payment and a missing mode as TEST, which is how those notifications were credited.
ALTER TABLE payments
    ADD COLUMN operation_type text,
    ADD COLUMN org_mode       text;

-- payment_facts as in V2, with the two new columns at the end. A Confirm carries no OperationType, so it inherits
-- its payment's (the capture of a payout is a payout too), as it inherits the fee; every other row keeps its own.
-- The mode is never inherited: each notification carries the mode it was accepted under.
CREATE OR REPLACE VIEW payment_facts AS
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
       p.reason, p.reason_code, p.invoice_id,
       p.club_id                                    AS stated_club_id,
       coalesce(p.operation_type,
                CASE WHEN p.kind = 'CONFIRM' THEN o.operation_type END) AS operation_type,
       p.org_mode
  FROM payments p
  LEFT JOIN LATERAL (
        SELECT q.customer_id, q.club_id, q.currency, q.test_mode,
               q.card_first_six, q.card_last_four, q.card_type, q.total_fee_minor, q.operation_type
          FROM payments q
         WHERE (p.customer_id IS NULL OR p.club_id IS NULL OR p.currency IS NULL OR p.test_mode IS NULL
                OR p.card_first_six IS NULL OR p.card_last_four IS NULL OR p.card_type IS NULL
                OR (p.kind = 'CONFIRM' AND (p.total_fee_minor IS NULL OR p.operation_type IS NULL)))
           AND q.org_id = p.org_id
           AND q.transaction_id = coalesce(p.payment_transaction_id, p.transaction_id)
           AND q.kind IN ('PAY', 'CONFIRM', 'CHECK')
           AND q.event_id <> p.event_id
         ORDER BY CASE q.kind WHEN 'PAY' THEN 0 WHEN 'CONFIRM' THEN 1 ELSE 2 END, q.event_id
         LIMIT 1) o ON true;

-- placed_payments selects f.*, which PostgreSQL expanded to payment_facts' columns when the view was created, so it
-- is created again (same definition as V1) to carry the new columns. Nothing else is built on it.
DROP VIEW placed_payments;

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
