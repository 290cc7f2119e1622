-- title.zh: 可复制推广的授权运营模式：被三个及以上省份复制的场景
-- title.en: Replicable models: authorizations copied in three or more provinces
-- description.zh: 以 is_replicated_from 追溯每个授权协议所复制的原型，统计原型被多少个省份采用，并列出已采用的省份，供尚未采用的省份参考。
-- description.en: Follows is_replicated_from back to the model each authorization copies, counts the provinces that adopted each model and lists them, so provinces without it can see who to learn from.
SELECT m.auth_id AS model_auth_id, m.scenario_name, m.sector_code, m.region_code AS origin_region,
       count(DISTINCT c.region_code) AS adopting_provinces,
       string_agg(DISTINCT r.name_zh_short, '、' ORDER BY r.name_zh_short) AS provinces_zh,
       string_agg(DISTINCT r.name_en_short, ', ' ORDER BY r.name_en_short) AS provinces_en
FROM "authorization" c
JOIN "authorization" m ON m.auth_id = c.is_replicated_from
JOIN ref_region r ON r.region_code = c.region_code
GROUP BY ALL
HAVING count(DISTINCT c.region_code) >= 3
ORDER BY adopting_provinces DESC, model_auth_id
