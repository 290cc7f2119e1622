-- The annual disclosure (信息披露, due 31 March for the year before) of the agreements in force during year $year in
-- region $region (NULL: every region the reader may see: $national, or region in $scope), grouped by implementing
-- agency and operator as the specification lists it: each agreement's mode, sector, scenario and term, its authorized
-- resources with their registration status at the end of the year, and its products with their cap tariffs.
WITH bounds AS (
  SELECT make_date(CAST($year AS INTEGER), 1, 1) AS y_start, make_date(CAST($year AS INTEGER), 12, 31) AS y_end
), agreement AS (
  SELECT a.*
  FROM "authorization" a, bounds b
  WHERE ($national OR list_contains($scope, a.region_code))
    AND ($region IS NULL OR a.region_code = $region)
    AND a.status NOT IN ('PLANNING', 'SELECTING')
    AND a.term_start <= b.y_end AND a.term_end >= b.y_start
), granted AS (
  SELECT r.auth_id, r.asset_uid
  FROM authorization_resource r, bounds b
  WHERE r.auth_id IN (SELECT auth_id FROM agreement)
    AND coalesce(r.granted_at, DATE '1900-01-01') <= b.y_end AND (r.revoked_at IS NULL OR r.revoked_at >= b.y_start)
), registered AS (
  -- each granted asset's name and code from its last registration event, and its status as of the end of the year
  -- (NULL: not yet submitted by then)
  SELECT g.asset_uid,
         arg_max(g.data_name, (coalesce(g.registered_at, g.accepted_at, g.submitted_at), g.reg_event_id)) AS data_name,
         arg_max(g.reg_code, (coalesce(g.registered_at, g.accepted_at, g.submitted_at), g.reg_event_id)) AS reg_code,
         arg_max(g.status, (coalesce(g.registered_at, g.accepted_at, g.submitted_at), g.reg_event_id))
           FILTER (WHERE coalesce(g.registered_at, g.accepted_at, g.submitted_at) <= b.y_end) AS status
  FROM registration g, bounds b
  WHERE g.asset_uid IN (SELECT asset_uid FROM granted)
  GROUP BY g.asset_uid
), item AS (
  SELECT g.auth_id, 'resource' AS item, g.asset_uid AS item_id, r.data_name AS item_name, r.reg_code AS registration_code,
         r.status AS registration_status, NULL AS charge_basis, NULL::DOUBLE AS cap, NULL::DOUBLE AS list
  FROM granted g LEFT JOIN registered r USING (asset_uid)
  UNION ALL
  SELECT p.auth_id, 'product', p.product_id, p.product_name, NULL, NULL, p.charge_basis,
         CAST(p.cap_unit_price_cny AS DOUBLE), CAST(p.list_unit_price_cny AS DOUBLE)
  FROM product p, bounds b
  WHERE p.auth_id IN (SELECT auth_id FROM agreement) AND coalesce(p.launched_at, DATE '1900-01-01') <= b.y_end
)
SELECT a.region_code, a.implementing_agency_org_id, ia.name AS implementing_agency_name,
       a.operator_org_id, op.name AS operator_name, a.auth_id, a.auth_mode, a.sector_code, a.scenario_name,
       strftime(a.term_start, '%Y-%m-%d') AS term_start, strftime(a.term_end, '%Y-%m-%d') AS term_end, a.tariff_status,
       i.item, i.item_id, i.item_name, i.registration_code, i.registration_status, i.charge_basis,
       i.cap AS cap_unit_price_cny, i.list AS list_unit_price_cny,
       strftime(make_date(CAST($year AS INTEGER) + 1, 3, 31), '%Y-%m-%d') AS disclosure_due
FROM agreement a
LEFT JOIN item i USING (auth_id)
LEFT JOIN org ia ON ia.org_id = a.implementing_agency_org_id
LEFT JOIN org op ON op.org_id = a.operator_org_id
ORDER BY a.region_code, a.implementing_agency_org_id NULLS LAST, a.operator_org_id, a.auth_id, i.item DESC, i.item_id
