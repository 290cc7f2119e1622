-- How many user organisations of each type each region has: in proportion to the region's demand (5,000 × scale in all),
-- split by the user-type mix of the sectors it demands (domain-research §7.5: 25/10/5/35/15/5/5 % overall).
-- User k of a pool has org_id 'U-<region>-<type abbreviation>-<k>'. Parameters: $scale, $cells (plan_cells output).
WITH types AS (
  SELECT * FROM (VALUES (1, 'BANK', 'BNK'), (2, 'INSURER', 'INS'), (3, 'OTHER_FINANCIAL', 'OFI'), (4, 'ENTERPRISE', 'ENT'),
                        (5, 'GOVERNMENT_UNIT', 'GOV'), (6, 'UNIVERSITY_RESEARCH', 'UNI'), (7, 'INDIVIDUAL_DEVELOPER', 'DEV'))
         t(type_index, user_type, type_abbr)
), mix AS (
  SELECT c.region_code, t.user_type, t.type_abbr, t.type_index,
         sum(c.demand_w * c.user_type_weights[t.type_index] / list_sum(c.user_type_weights)) AS w
  FROM read_parquet($cells) c CROSS JOIN types t
  GROUP BY ALL
)
SELECT region_code, user_type, type_abbr, type_index,
       greatest(3, round(5000 * $scale * w / sum(w) OVER ()))::INTEGER AS n_users
FROM mix
ORDER BY region_code, type_index
