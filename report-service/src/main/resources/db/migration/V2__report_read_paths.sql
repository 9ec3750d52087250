-- Read paths for reports at volume (measured by bench/run report-latency with 1,000,000 payments). The results of
-- every view stay exactly those of V1; only how PostgreSQL can find them changes.

-- A shift's first OPENED event is the OPENED event of that (org, shift id) with no earlier one (by time, then event
-- id): the same rows as V1's DISTINCT ON, but written so that conditions on org, club and time reach the indexes of
-- shift_events instead of applying after every shift of the organization has been derived. V1's form made each
-- payment's placement read all of its organization's shift events.
CREATE OR REPLACE VIEW shifts AS
SELECT o.org_id, o.shift_id, o.club_id, o.occurred_at AS opened_at, o.actor AS opened_by,
       c.closed_at, c.closed_by, c.close_recorded_at
  FROM shift_events o
  LEFT JOIN LATERAL (
        SELECT e.occurred_at AS closed_at, e.actor AS closed_by, e.ingested_at AS close_recorded_at
          FROM shift_events e
         WHERE e.org_id = o.org_id AND e.shift_id = o.shift_id AND e.action = 'CLOSED'
         ORDER BY e.occurred_at, e.event_id
         LIMIT 1) c ON true
 WHERE o.action = 'OPENED'
   AND NOT EXISTS (SELECT 1
                     FROM shift_events e
                    WHERE e.org_id = o.org_id AND e.shift_id = o.shift_id AND e.action = 'OPENED'
                      AND (e.occurred_at, e.event_id) < (o.occurred_at, o.event_id));

-- A club's shift openings in time order: the shift open at a given time is found by reading backwards from it.
CREATE INDEX shift_events_opened ON shift_events (org_id, club_id, occurred_at, shift_id) WHERE action = 'OPENED';

-- payment_facts also shows the club the payment itself stated (NULL when it must be inherited), so a club's report
-- can read the club's rows and the few without a club through an index rather than every row of the organization.
-- And it looks up the referred payment only for rows that lack something it could supply: where a row has all of
-- those fields, every coalesce below takes the row's own value anyway (a fee is inherited by a Confirm only).
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
       p.club_id                                    AS stated_club_id
  FROM payments p
  LEFT JOIN LATERAL (
        SELECT q.customer_id, q.club_id, q.currency, q.test_mode,
               q.card_first_six, q.card_last_four, q.card_type, q.total_fee_minor
          FROM payments q
         WHERE (p.customer_id IS NULL OR p.club_id IS NULL OR p.currency IS NULL OR p.test_mode IS NULL
                OR p.card_first_six IS NULL OR p.card_last_four IS NULL OR p.card_type IS NULL
                OR (p.total_fee_minor IS NULL AND p.kind = 'CONFIRM'))
           AND q.org_id = p.org_id
           AND q.transaction_id = coalesce(p.payment_transaction_id, p.transaction_id)
           AND q.kind IN ('PAY', 'CONFIRM', 'CHECK')
           AND q.event_id <> p.event_id
         ORDER BY CASE q.kind WHEN 'PAY' THEN 0 WHEN 'CONFIRM' THEN 1 ELSE 2 END, q.event_id
         LIMIT 1) o ON true;

CREATE INDEX payments_org_club_time ON payments (org_id, club_id, occurred_at);
