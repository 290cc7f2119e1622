-- Whether a code names a free use purpose (012_enum_label); added after that file, so existing databases gain the
-- column too (last, as in a new database, so snapshots copy the same column order). The reference load fills it.
ALTER TABLE enum_label ADD COLUMN IF NOT EXISTS is_free BOOLEAN DEFAULT false;
