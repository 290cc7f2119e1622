-- title.zh: 各用途的免费与付费使用量（可选省份与起始月份）
-- title.en: Free and paid usage by purpose, for one province or all
-- description.zh: 以 enum_label.is_free 区分免费用途（公共治理、公益事业）与付费用途，"付费"只此一个定义。参数 $region 填地区代码（如 330000），$from 填起始日期（如 2025-06-01），留空即不限。
-- description.en: Tells free purposes (public governance, public welfare) from paid ones with enum_label.is_free, the one definition of "paid". Parameters: $region a region code (e.g. 330000), $from a first day (e.g. 2025-06-01); leave either empty for no limit.
SELECT l.code AS use_purpose, l.label_zh, l.label_en, l.is_free,
       sum(u.calls) AS calls,
       sum(u.amount_cny) AS amount_cny,
       coalesce(sum(u.amount_cny) FILTER (WHERE NOT l.is_free AND u.amount_cny > 0), 0) AS paid_amount_cny
FROM rollup_usage_month u
JOIN enum_label l ON l.enum_name = 'use_purpose' AND l.code = u.use_purpose
WHERE ($region IS NULL OR u.provider_region_code = $region)
  AND ($from IS NULL OR u.period_month >= CAST($from AS DATE))
GROUP BY ALL
ORDER BY min(l.sort_order)
