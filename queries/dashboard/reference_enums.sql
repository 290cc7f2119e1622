-- Every enumeration's codes with their Chinese and English labels.
SELECT enum_name, code, label_zh, label_en
FROM enum_label
ORDER BY enum_name, sort_order
