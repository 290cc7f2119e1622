-- The provincial-level regions (31 provinces, autonomous regions and municipalities): where models can be adopted.
SELECT region_code FROM ref_region WHERE is_province ORDER BY sort_order
