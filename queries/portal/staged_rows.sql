-- Records read from the file so far (non-blank lines or rows), for progress reports.
SELECT count(*) AS n FROM portal_raw WHERE text IS NOT NULL AND trim(text) <> ''
