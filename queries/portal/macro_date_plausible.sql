-- portal_date_plausible(date): the date when a catalogue could carry it (1990 to a year ahead), else NULL.
CREATE OR REPLACE TEMP MACRO portal_date_plausible(d) AS
  CASE WHEN d >= DATE '1990-01-01' AND d <= current_date + INTERVAL 366 DAY THEN d END
