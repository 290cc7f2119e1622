-- Indicator facts, demand side: usage summed by month × provider region × product sector × user type × purpose, with
-- the calls of users from other regions and the amount paid for charged purposes (money paid for public-interest
-- purposes is not market demand). Demand sums of any window and filter add these up: every filter of inputs.sql is a
-- column here, and at scale 1 this is 21,871 rows against 97,747 usage rows. Built once per data version
-- (server/facts/facts.ts); distinct users are not additive and come from fact_usage_user.
SELECT u.period_month, u.provider_region_code AS region_code, p.sector_code, u.user_type, u.use_purpose,
       sum(u.calls) AS calls,
       sum(u.calls) FILTER (WHERE u.user_region_code <> u.provider_region_code) AS cross_region_calls,
       sum(CASE WHEN u.use_purpose IN ('PUBLIC_GOVERNANCE', 'PUBLIC_WELFARE') THEN 0 ELSE u.amount_cny END) AS paid_amount
FROM usage u
JOIN product p ON p.product_id = u.product_id
GROUP BY ALL
