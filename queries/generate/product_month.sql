-- How many customers (slots 0..n_slots-1) use each product each month, from the month of its launch until its
-- agreement's service ended; in_service is the share of the month the product was on offer (launch month only). The expected count follows the product's usage weight and monthly growth (planted cells
-- and models set it, other products draw -3 % to +6 %) with month-to-month noise (sigma 0.25; 0.03 for models, whose
-- growth must show), scaled so that all products together make 101,000 × $scale usage rows (about 1 % of slots fall outside
-- the user pools and are dropped in usage, leaving about 100,000 × $scale rows).
-- seen_slots is the most slots the product had in any earlier month: slots beyond it are new users.
-- Parameters: $seed, $scale, $product_plan.
WITH product AS (
  SELECT * FROM read_parquet($product_plan)
), product_month AS (
  SELECT p.product_id, p.model, p.launched_at, m.period_month, m.mi,
         date_diff('month', date_trunc('month', p.launched_at), m.period_month) AS age,
         p.usage_weight * pow(1 + p.growth, date_diff('month', date_trunc('month', p.launched_at), m.period_month))
           * exp(CASE WHEN p.model IS NULL THEN 0.25 ELSE 0.03 END * gen_normal($seed, p.product_id || m.mi, 'month')) AS w
  FROM product p
  JOIN (SELECT (DATE '2025-03-01' + INTERVAL (i) MONTH)::DATE AS period_month, i AS mi FROM range(20) t(i)) m
    ON m.period_month >= date_trunc('month', p.launched_at) AND m.period_month < p.service_end
), counted AS (
  SELECT *,
         CASE WHEN model IS NOT NULL THEN round(101000 * $scale * w / sum(w) OVER ())
              ELSE floor(101000 * $scale * w / sum(w) OVER () + gen_rand($seed, product_id || mi, 'round')) END::INTEGER AS n_slots
  FROM product_month
)
SELECT product_id, period_month, mi, age, n_slots,
       CASE WHEN age = 0 THEN (date_diff('day', launched_at, last_day(period_month)) + 1) / day(last_day(period_month))
            ELSE 1 END AS in_service,
       coalesce(max(n_slots) OVER (PARTITION BY product_id ORDER BY period_month ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS seen_slots
FROM counted
QUALIFY n_slots > 0
ORDER BY product_id, period_month
