-- Groups whose every row was replaced into another group.
DELETE FROM rollup_usage_month WHERE usage_rows = 0
