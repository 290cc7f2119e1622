-- Products and authorizations that batches after $last_batch_id replaced with a different value of a column the usage
-- facts group by (sector, scenario, form, charge basis, authorization; the authorization's scenario, mode and region):
-- every usage fact of such a product would move to another group, so the usage facts are then rebuilt.
SELECT (SELECT count(*) FROM record_history h JOIN product p ON p.product_id = (h.record->>'product_id')
         WHERE h.table_name = 'product' AND h.superseded_by_batch > $last_batch_id
           AND ((h.record->>'sector_code') IS DISTINCT FROM p.sector_code
                OR (h.record->>'scenario_name') IS DISTINCT FROM p.scenario_name
                OR (h.record->>'product_form') IS DISTINCT FROM p.product_form
                OR (h.record->>'charge_basis') IS DISTINCT FROM p.charge_basis
                OR (h.record->>'auth_id') IS DISTINCT FROM p.auth_id))
     + (SELECT count(*) FROM record_history h JOIN "authorization" a ON a.auth_id = (h.record->>'auth_id')
         WHERE h.table_name = 'authorization' AND h.superseded_by_batch > $last_batch_id
           AND ((h.record->>'scenario_name') IS DISTINCT FROM a.scenario_name
                OR (h.record->>'auth_mode') IS DISTINCT FROM a.auth_mode
                OR (h.record->>'region_code') IS DISTINCT FROM a.region_code)) AS n
