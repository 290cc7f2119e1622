-- Whether another saved query of the same owner already has this title (compared without regard to case or
-- surrounding spaces).
SELECT count(*) AS n
FROM saved_query
WHERE lower(trim(title)) = lower(trim($title)) AND id IS DISTINCT FROM $id AND owner IS NOT DISTINCT FROM $owner
