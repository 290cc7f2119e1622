-- Indicator facts, demand side: usage at the grain the indicator inputs need (month × provider region × sector × user ×
-- user type × purpose), with the product's sector joined in once. Distinct users are counted per entity and window
-- from these rows. Built once per data version (server/indicators/facts.ts); ordered by month so a window's scan skips
-- row groups outside it.
SELECT u.period_month, u.provider_region_code AS region_code, p.sector_code, u.user_org_id, u.user_type, u.use_purpose,
       sum(u.calls) AS calls,
       -- money paid for public-interest purposes is not market demand
       sum(CASE WHEN u.use_purpose IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE') THEN 0 ELSE u.amount_cny END) AS paid_amount,
       sum(u.calls) FILTER (WHERE u.user_region_code <> u.provider_region_code) AS cross_region_calls
FROM usage u
JOIN product p ON p.product_id = u.product_id
GROUP BY ALL
ORDER BY u.period_month
