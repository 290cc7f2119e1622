-- A saved query belongs to its author (the account name; NULL for queries saved before accounts existed, which every
-- analyst sees and only an administrator may change) and is shared by choice with roles and regions: an analyst sees
-- their own, those shared with one of their roles, and those shared with a region of their scope (all, if national).
ALTER TABLE saved_query ADD COLUMN IF NOT EXISTS owner VARCHAR;
ALTER TABLE saved_query ADD COLUMN IF NOT EXISTS shared_roles VARCHAR[];
ALTER TABLE saved_query ADD COLUMN IF NOT EXISTS shared_regions VARCHAR[];
