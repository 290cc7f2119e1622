-- title.zh: 各省付费使用金额与人均水平排名
-- title.en: Paid usage by province, in total and per inhabitant
-- description.zh: 以提供方所在省份汇总付费用途的使用金额，并按 2020 年人口与 2023 年 GDP 折算，找出相对规模领先或落后的省份。
-- description.en: Paid-purpose usage amount by provider province, also per inhabitant (2020 census) and per 100 million CNY of GDP (2023), to see which provinces lead or lag for their size.
SELECT r.region_code, r.name_zh_short, r.name_en_short,
       sum(u.paid_amount_cny) AS paid_amount_cny,
       round(sum(u.paid_amount_cny) / r.pop_2020 * 10000, 2) AS paid_cny_per_10k_people,
       round(sum(u.paid_amount_cny) / r.gdp_2023_100m_cny, 2) AS paid_cny_per_100m_gdp,
       rank() OVER (ORDER BY sum(u.paid_amount_cny) DESC) AS rank_total
FROM rollup_usage_month u
JOIN ref_region r ON r.region_code = u.provider_region_code
WHERE r.is_province
GROUP BY r.region_code, r.name_zh_short, r.name_en_short, r.pop_2020, r.gdp_2023_100m_cny
ORDER BY paid_amount_cny DESC
