-- portal_date(text): a catalogue date as DATE. Epoch milliseconds (13 digits) and seconds (10 digits) are read in
-- China time; otherwise the first Y-M-D found (2023-05-25, 2023-6-16, 2022/07/05 15:33:11, 2023-05-25\n01:45,
-- 2023年5月25日, 20230525). Dates before 1990 or more than a year ahead are not plausible catalogue dates: NULL.
-- Plain expressions, no subquery: the macro runs on every record.
CREATE OR REPLACE TEMP MACRO portal_date(s) AS portal_date_plausible(CASE
  WHEN regexp_full_match(trim(s), '\d{12,13}') THEN (to_timestamp(trim(s)::BIGINT / 1000.0) AT TIME ZONE 'Asia/Shanghai')::DATE
  WHEN regexp_full_match(trim(s), '\d{9,10}') THEN (to_timestamp(trim(s)::BIGINT) AT TIME ZONE 'Asia/Shanghai')::DATE
  WHEN regexp_full_match(trim(s), '\d{8}') THEN try_strptime(trim(s), '%Y%m%d')::DATE
  ELSE try_cast(regexp_replace(regexp_extract(s, '(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})', 0),
                               '(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})', '\1-\2-\3') AS DATE)
END)
