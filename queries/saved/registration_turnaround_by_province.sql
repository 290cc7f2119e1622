-- title.zh: 各省登记办理时长（提交到完成登记的天数）
-- title.en: Registration turnaround by province (days from submission to registration)
-- description.zh: 每个省份登记事件从提交到完成登记所用天数的中位数和 90 分位数，用于比较各地登记效率。
-- description.en: Median and 90th-percentile days from submission to registration per province, to compare how fast each registration office works.
SELECT r.region_code, g.name_zh_short, g.name_en_short,
       count(*) AS registrations,
       median(r.registered_at - r.submitted_at) AS median_days,
       quantile_cont(r.registered_at - r.submitted_at, 0.9) AS p90_days
FROM registration r
JOIN ref_region g USING (region_code)
WHERE r.submitted_at IS NOT NULL AND r.registered_at IS NOT NULL
GROUP BY ALL
ORDER BY median_days DESC
