-- title.zh: 跨地区数据流动：哪些省份的数据产品被外省用户使用最多？
-- title.en: Cross-region flows: whose data products are used most from other provinces?
-- description.zh: 统计提供方省份与使用方省份不同的使用记录，列出调用次数最大的省际流向，反映数据产品的辐射能力。
-- description.en: Usage rows whose user sits in another province than the provider, summed per provider → user province pair; the largest flows show which products reach beyond their home province.
SELECT u.provider_region_code, pr.name_zh_short AS provider_zh, pr.name_en_short AS provider_en,
       u.user_region_code, ur.name_zh_short AS user_zh, ur.name_en_short AS user_en,
       sum(u.calls) AS calls, count(DISTINCT u.user_org_id) AS users, sum(u.amount_cny) AS amount_cny
FROM usage u
JOIN ref_region pr ON pr.region_code = u.provider_region_code
JOIN ref_region ur ON ur.region_code = u.user_region_code
WHERE u.provider_region_code <> u.user_region_code
GROUP BY ALL
ORDER BY calls DESC
LIMIT 50
