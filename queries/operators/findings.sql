-- The oversight worklist: every violation or risk of the pricing notice (发改价格〔2025〕65号) and of the authorized-
-- operation specification, one row each, over the agreements the reader may see ($national, or region in $scope) and
-- the filters ($regions, $sectors, $modes as in operators.sql). $year is the revenue period, $last_month the data's
-- last usage month ('YYYY-MM'). Each row names the operator, agreement and product, what was observed against what
-- limit, and the amount at stake in CNY (what to refund or deduct); docs/api.md defines each rule.
WITH agreement AS (
  SELECT a.*
  FROM "authorization" a
  WHERE ($national OR list_contains($scope, a.region_code))
    AND (len($regions) = 0 OR list_contains($regions, a.region_code))
    AND (len($modes) = 0 OR list_contains($modes, a.auth_mode))
    AND (len($sectors) = 0 OR list_contains($sectors, a.sector_code)
         OR EXISTS (SELECT 1 FROM product p WHERE p.auth_id = a.auth_id AND list_contains($sectors, p.sector_code)))
), as_of AS (
  SELECT CAST($last_month || '-01' AS DATE) AS last_month
), item AS (
  SELECT p.*, a.region_code, a.tariff_status
  FROM product p JOIN agreement a USING (auth_id)
), used AS (
  -- usage of the visible products, by provider region within the scope
  SELECT u.*, u.use_purpose IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE') AS is_free
  FROM usage u
  WHERE u.product_id IN (SELECT product_id FROM item)
    AND ($national OR list_contains($scope, u.provider_region_code))
), paid AS (
  -- what each product charged for paid purposes, in the units of its charge basis
  SELECT i.product_id,
         count(*) AS rows,
         sum(u.amount_cny) AS amount,
         CASE i.charge_basis WHEN 'PER_CALL' THEN sum(u.calls) WHEN 'PER_PRODUCT' THEN sum(u.calls)
                             WHEN 'PER_TIME' THEN count(*) ELSE sum(u.data_volume_gb) END AS units,
         strftime(min(u.period_month), '%Y-%m') AS first_month, strftime(max(u.period_month), '%Y-%m') AS last_month
  FROM item i JOIN used u USING (product_id)
  WHERE NOT u.is_free AND u.amount_cny > 0
  GROUP BY i.product_id, i.charge_basis
), free_charged AS (
  SELECT product_id, count(*) AS rows, count(DISTINCT user_org_id) AS customers, sum(amount_cny) AS amount,
         strftime(min(period_month), '%Y-%m') AS first_month, strftime(max(period_month), '%Y-%m') AS last_month
  FROM used
  WHERE is_free AND amount_cny <> 0
  GROUP BY product_id
), year_usage AS (
  SELECT i.auth_id, sum(u.amount_cny) AS amount, count(*) AS rows
  FROM item i JOIN usage u USING (product_id)
  WHERE year(u.period_month) = $year
  GROUP BY i.auth_id
), operations AS (
  -- an agreement's operations: from its first month of usage to the data's last month
  SELECT i.auth_id, min(u.period_month) AS first_month, count(*) AS rows,
         sum(u.amount_cny) FILTER (WHERE u.period_month > (SELECT last_month FROM as_of) - INTERVAL 12 MONTH) AS amount_12m
  FROM item i JOIN usage u USING (product_id)
  GROUP BY i.auth_id
), finding AS (
  SELECT 'PRICE_ABOVE_CAP' AS rule, 'violation' AS severity, i.operator_org_id, i.region_code, i.sector_code, i.auth_id,
         i.product_id, i.product_name, i.charge_basis,
         coalesce(pd.first_month || ' – ' || pd.last_month, '') AS period,
         CAST(i.list_unit_price_cny AS DOUBLE) AS observed, CAST(i.cap_unit_price_cny AS DOUBLE) AS limit_value,
         -- charged above the cap so far: the paid amount times the share of the list price above the cap
         CAST(coalesce(pd.amount, 0) * (i.list_unit_price_cny - i.cap_unit_price_cny) / i.list_unit_price_cny AS DOUBLE) AS amount_cny,
         coalesce(pd.rows, 0) AS evidence_rows
  FROM item i LEFT JOIN paid pd USING (product_id)
  WHERE i.list_unit_price_cny > i.cap_unit_price_cny
  UNION ALL
  -- the price actually charged (paid amount ÷ units of the charge basis) above the cap, while the list price is not
  -- (1 % tolerance: amounts are rounded to the fen and volumes to 0.1 MB)
  SELECT 'EFFECTIVE_PRICE_ABOVE_CAP', 'violation', i.operator_org_id, i.region_code, i.sector_code, i.auth_id,
         i.product_id, i.product_name, i.charge_basis, pd.first_month || ' – ' || pd.last_month,
         CAST(pd.amount / pd.units AS DOUBLE), CAST(i.cap_unit_price_cny AS DOUBLE),
         CAST(pd.amount - i.cap_unit_price_cny * pd.units AS DOUBLE), pd.rows
  FROM item i JOIN paid pd USING (product_id)
  WHERE pd.units > 0 AND NOT (i.list_unit_price_cny > i.cap_unit_price_cny)
    AND pd.amount / pd.units > i.cap_unit_price_cny * 1.01
  UNION ALL
  SELECT 'FREE_PURPOSE_CHARGED', 'violation', i.operator_org_id, i.region_code, i.sector_code, i.auth_id,
         i.product_id, i.product_name, i.charge_basis, f.first_month || ' – ' || f.last_month,
         CAST(f.amount AS DOUBLE), 0, CAST(f.amount AS DOUBLE), f.rows
  FROM item i JOIN free_charged f USING (product_id)
  UNION ALL
  SELECT 'NO_CAP', 'risk', i.operator_org_id, i.region_code, i.sector_code, i.auth_id,
         i.product_id, i.product_name, i.charge_basis, coalesce(pd.first_month || ' – ' || pd.last_month, ''),
         CAST(i.list_unit_price_cny AS DOUBLE), NULL, CAST(coalesce(pd.amount, 0) AS DOUBLE), coalesce(pd.rows, 0)
  FROM item i LEFT JOIN paid pd USING (product_id)
  WHERE i.cap_unit_price_cny IS NULL
  UNION ALL
  -- revenue of the period (as reported, else from the usage records) above the maximum allowed revenue: the excess is
  -- deducted when the next period's allowed revenue is set
  SELECT 'REVENUE_ABOVE_MAX', 'violation', a.operator_org_id, a.region_code, a.sector_code, a.auth_id,
         NULL, NULL, NULL, CAST(CAST($year AS INTEGER) AS VARCHAR),
         CAST(coalesce(a.revenue_reported_cny, y.amount) AS DOUBLE), CAST(a.max_allowed_revenue_cny AS DOUBLE),
         CAST(coalesce(a.revenue_reported_cny, y.amount) - a.max_allowed_revenue_cny AS DOUBLE), coalesce(y.rows, 0)
  FROM agreement a LEFT JOIN year_usage y USING (auth_id)
  WHERE coalesce(a.revenue_reported_cny, y.amount) > a.max_allowed_revenue_cny
  UNION ALL
  -- a trial tariff kept after the operator's first full year of operations: a formal cap and maximum allowed revenue
  -- are due; at stake is the last 12 months' revenue, collected under no verified maximum
  SELECT 'TRIAL_PAST_FIRST_YEAR', 'risk', a.operator_org_id, a.region_code, a.sector_code, a.auth_id,
         NULL, NULL, NULL, strftime(o.first_month, '%Y-%m') || ' – ' || $last_month,
         CAST(date_diff('month', o.first_month, (SELECT last_month FROM as_of)) + 1 AS DOUBLE), 12,
         CAST(coalesce(o.amount_12m, 0) AS DOUBLE), o.rows
  FROM agreement a JOIN operations o USING (auth_id)
  WHERE a.tariff_status = 'TRIAL' AND a.status IN ('ACTIVE', 'SUSPENDED')
    AND date_diff('month', o.first_month, (SELECT last_month FROM as_of)) + 1 > 12
  UNION ALL
  SELECT 'TERM_OVER_5_YEARS', 'violation', a.operator_org_id, a.region_code, a.sector_code, a.auth_id,
         NULL, NULL, NULL, strftime(a.term_start, '%Y-%m-%d') || ' – ' || strftime(a.term_end, '%Y-%m-%d'),
         CAST(date_diff('month', a.term_start, a.term_end) AS DOUBLE), 60, NULL, 1
  FROM agreement a
  WHERE a.term_end > a.term_start + INTERVAL 5 YEAR
  UNION ALL
  -- an active agreement whose term ends within 6 months of the data's last month: renewal or re-selection is due
  SELECT 'TERM_ENDING', 'risk', a.operator_org_id, a.region_code, a.sector_code, a.auth_id,
         NULL, NULL, NULL, strftime(a.term_end, '%Y-%m-%d'),
         CAST(date_diff('day', (SELECT last_month FROM as_of) + INTERVAL 1 MONTH, a.term_end) AS DOUBLE), NULL,
         CAST(coalesce(o.amount_12m, 0) AS DOUBLE), 1
  FROM agreement a LEFT JOIN operations o USING (auth_id)
  WHERE a.status = 'ACTIVE' AND a.term_end < (SELECT last_month FROM as_of) + INTERVAL 7 MONTH
)
SELECT f.rule, f.severity, f.operator_org_id, o.name AS operator_name, f.region_code, f.sector_code, f.auth_id,
       f.product_id, f.product_name, f.charge_basis, f.period, f.observed, f.limit_value,
       CASE WHEN f.limit_value IS NOT NULL THEN round(f.observed - f.limit_value, 4) END AS excess,
       CASE WHEN f.limit_value > 0 THEN round(f.observed / f.limit_value - 1, 4) END AS excess_ratio,
       round(f.amount_cny, 2) AS amount_cny, f.evidence_rows
FROM finding f LEFT JOIN org o ON o.org_id = f.operator_org_id
WHERE len($rules) = 0 OR list_contains($rules, f.rule)
ORDER BY f.severity DESC, f.amount_cny DESC NULLS LAST, f.rule, f.auth_id, f.product_id
