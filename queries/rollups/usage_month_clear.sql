-- First half of a full rebuild (after a product moved to another sector).
DELETE FROM rollup_usage_month
