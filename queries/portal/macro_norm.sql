-- portal_norm(text): the form labels are compared in. Lower case, no whitespace (portals leave \r\n\t and full-width
-- spaces inside labels), no quotes or brackets (python-list strings such as ['xls']), no parenthetical notes such as
-- 每年(更新说明:暂无新业务数据产生). An empty result is NULL.
CREATE OR REPLACE TEMP MACRO portal_norm(s) AS nullif(
  lower(regexp_replace(regexp_replace(s, '[(（][^)）]*[)）]', '', 'g'), '[\s\x{3000}"''‘’“”`\[\]【】]', '', 'g')),
  ''
)
