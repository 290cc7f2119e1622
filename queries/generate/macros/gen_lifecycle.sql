-- Working-day offsets of one registration event after its submission (domain-research §2.4 and §7.2), drawn per mille
-- from (seed, event id): acceptance after 0/1/2/3 working days (30/30/25/12 %) and 3 % late (4–8 days, over the 3-day
-- limit); formal review 1–10; public notice of 10 working days (first and last day included) except 2 % (8, 9, 11 or
-- 12); coding 1–3 days after the notice, 5–15 more after an objection (0.5 %). 2 % are returned for supplement and 1 %
-- not accepted: they stop there.
CREATE OR REPLACE TEMP MACRO gen_lifecycle(seed, event_id) AS struct_pack(
  outcome := CASE WHEN hash(seed || '|' || event_id || '|' || 'outcome') % 1000 < 20 THEN 'RETURNED_FOR_SUPPLEMENT'
                  WHEN hash(seed || '|' || event_id || '|' || 'outcome') % 1000 < 30 THEN 'NOT_ACCEPTED' ELSE 'ACCEPTED' END,
  accept_wd := CASE WHEN hash(seed || '|' || event_id || '|' || 'accept') % 1000 < 300 THEN 0
                    WHEN hash(seed || '|' || event_id || '|' || 'accept') % 1000 < 600 THEN 1
                    WHEN hash(seed || '|' || event_id || '|' || 'accept') % 1000 < 850 THEN 2
                    WHEN hash(seed || '|' || event_id || '|' || 'accept') % 1000 < 970 THEN 3
                    ELSE 4 + (hash(seed || '|' || event_id || '|' || 'accept-late') % 5)::INTEGER END,
  review_wd := 1 + (hash(seed || '|' || event_id || '|' || 'review') % 10)::INTEGER,
  notice_wd := CASE WHEN hash(seed || '|' || event_id || '|' || 'notice') % 1000 < 980 THEN 10
                    ELSE [8, 9, 11, 12][1 + (hash(seed || '|' || event_id || '|' || 'notice-odd') % 4)::INTEGER] END,
  objection := hash(seed || '|' || event_id || '|' || 'objection') % 1000 < 5,
  coding_wd := 1 + (hash(seed || '|' || event_id || '|' || 'coding') % 3)::INTEGER
    + CASE WHEN hash(seed || '|' || event_id || '|' || 'objection') % 1000 < 5 THEN 5 + (hash(seed || '|' || event_id || '|' || 'objection-days') % 11)::INTEGER
           ELSE 0 END
)
