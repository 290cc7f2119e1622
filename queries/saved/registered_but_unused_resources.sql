-- title.zh: 已登记但尚未被使用的数据资源
-- title.en: Registered data resources nobody uses yet
-- description.zh: 已登记的公共数据资源中，没有进入任何授权运营范围、或所在授权下的产品从未产生使用记录的资源，按地区和行业计数——"数据丰富但未被利用"的线索。
-- description.en: Registered public data resources that are in no authorization's scope, or whose authorizations' products were never used, counted by region and sector: leads for "abundant but unused" data.
WITH used_auth AS (
  SELECT DISTINCT auth_id FROM usage WHERE auth_id IS NOT NULL
), covered AS (
  SELECT ar.asset_uid, bool_or(ua.auth_id IS NOT NULL) AS used
  FROM authorization_resource ar LEFT JOIN used_auth ua USING (auth_id)
  GROUP BY ar.asset_uid
)
SELECT reg.region_code, reg.sector_code,
       count(DISTINCT reg.asset_uid) AS resources,
       count(DISTINCT reg.asset_uid) FILTER (WHERE c.asset_uid IS NULL) AS not_authorized,
       count(DISTINCT reg.asset_uid) FILTER (WHERE c.asset_uid IS NOT NULL AND NOT c.used) AS authorized_unused,
       sum(reg.record_count) AS records
FROM registration reg
LEFT JOIN covered c USING (asset_uid)
WHERE reg.object_type = 'PUBLIC_DATA_RESOURCE' AND reg.status = 'REGISTERED'
  AND (c.asset_uid IS NULL OR NOT c.used)
GROUP BY ALL
ORDER BY resources DESC
