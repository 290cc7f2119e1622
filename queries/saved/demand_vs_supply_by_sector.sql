-- title.zh: 各行业需求与供给对比：哪些行业需求旺盛但登记资源偏少？
-- title.en: Demand against supply by sector: where is demand high but registered data scarce?
-- description.zh: 按行业汇总付费调用金额与调用次数（需求），并与已登记的公共数据资源数量（供给）对比；需求占比远高于供给占比的行业是优先补充数据供给的方向。
-- description.en: Paid usage and calls per sector (demand) next to registered public data resources (supply); sectors whose share of demand far exceeds their share of supply are where more data should be registered first.
WITH demand AS (
  SELECT p.sector_code, sum(u.calls) AS calls, sum(u.amount_cny) AS amount_cny
  FROM usage u JOIN product p USING (product_id)
  GROUP BY p.sector_code
), supply AS (
  SELECT sector_code, count(DISTINCT asset_uid) AS resources
  FROM registration
  WHERE object_type = 'PUBLIC_DATA_RESOURCE' AND status = 'REGISTERED'
  GROUP BY sector_code
)
SELECT s.sector_code, s.name_zh, s.name_en,
       coalesce(d.amount_cny, 0) AS amount_cny,
       coalesce(d.calls, 0) AS calls,
       coalesce(r.resources, 0) AS resources,
       round(100 * coalesce(d.amount_cny, 0) / nullif(sum(d.amount_cny) OVER (), 0), 1) AS demand_share_pct,
       round(100 * coalesce(r.resources, 0) / nullif(sum(r.resources) OVER (), 0), 1) AS supply_share_pct
FROM ref_sector s
LEFT JOIN demand d USING (sector_code)
LEFT JOIN supply r USING (sector_code)
ORDER BY demand_share_pct - supply_share_pct DESC NULLS LAST
