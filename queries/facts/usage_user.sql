-- Indicator facts, users: each user of each provider region × product sector × user type × purpose, with the months in
-- which they made calls and the months in which they paid for a charged purpose, as bit masks over blocks of 64 months
-- (bit i of block b is the month with index 64·b + i, index = year · 12 + month − 1; a user active in two blocks has
-- a row for each). A window's distinct users are the users with a call month in it, its paying users those with a paid
-- month in it: the same as the users whose calls (amounts) summed over the window are above zero, because ingestion
-- rejects negative calls and amounts. The months with any usage row, calls or not (ingestion accepts a row of 0 calls;
-- the generator writes none), give the dashboard's distinct users (queries/dashboard/measures.sql). At scale 1 this is
-- about 21,000 rows against 97,747 usage rows, and counting users is one AND per row instead of grouping every usage
-- row by user. Built once per data version (server/facts/facts.ts).
WITH indexed AS (
  SELECT u.provider_region_code AS region_code, p.sector_code, u.user_org_id, u.user_type, u.use_purpose,
         year(u.period_month) * 12 + month(u.period_month) - 1 AS month_index, u.calls, u.amount_cny
  FROM usage u
  JOIN product p ON p.product_id = u.product_id
)
SELECT region_code, sector_code, user_org_id, user_type, use_purpose, CAST(month_index // 64 AS INTEGER) AS block,
       coalesce(bit_or(CAST(1 AS UBIGINT) << CAST(month_index % 64 AS INTEGER)) FILTER (WHERE calls > 0), 0) AS call_months,
       coalesce(bit_or(CAST(1 AS UBIGINT) << CAST(month_index % 64 AS INTEGER))
                  FILTER (WHERE amount_cny > 0 AND use_purpose NOT IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE')), 0) AS paid_months,
       bit_or(CAST(1 AS UBIGINT) << CAST(month_index % 64 AS INTEGER)) AS any_months
FROM indexed
GROUP BY ALL
