-- Every organisation, with ids that later steps compute instead of looking up:
--   RI-<region>                 registration institution (事业单位 running the registration platform)
--   GA-<region>-<k>             granting authority: k = 0 provincial government (national: 国家数据局), k >= 1 one per
--                               city (national: one ministry per sector)
--   IA-<region>-<k>             implementing agency paired with GA-<region>-<k> (the data bureau)
--   OP-<region>-<k>             operator: k = 0 provincial data group (none in Xizang), 1..cities municipal data groups,
--                               then other SOEs, private firms and financial SOEs
--   DH-<region>-<sector>-<k>    data holder: the first ones are provincial departments, the rest city departments
--   U-<region>-<type>-<k>       data user of a user type (plan_user_pools)
-- USCCs carry a valid GB 32100 check character. Users are most of the rows (5,000 × scale), so the query runs in
-- blocks: with $others every organisation that is not a user, and the users of the regions $first_user_region to
-- $last_user_region; every user id ('U-…') sorts after the others, so the blocks in order are sorted by org_id.
-- Parameters: $seed, $regions, $cells, $user_pools, $others, $first_user_region, $last_user_region.
WITH region AS (
  SELECT *, len(cities) AS n_cities, admin_type = 'MUNICIPALITY' AS is_municipality FROM read_parquet($regions)
), national_ministry AS (
  SELECT k, ministry
  FROM (SELECT row_number() OVER (ORDER BY min(sector_sort)) AS k, ministry
        FROM read_parquet($cells) WHERE region_code = '000000' GROUP BY ministry)
), reg_institution AS (
  SELECT 'RI-' || region_code AS org_id, region_code, NULL::VARCHAR AS sector_code,
         CASE WHEN region_code = '000000' THEN '国家公共数据资源登记中心' ELSE name_zh || '公共数据资源登记中心' END AS name,
         'REG_INSTITUTION' AS org_role, 'PUBLIC_INSTITUTION' AS org_type,
         CASE WHEN region_code = '000000' THEN 'CENTRAL' ELSE 'PROVINCIAL' END AS admin_level, false AS is_data_group
  FROM region
), government_level AS (
  -- k = 0 is the provincial level (or the national data administration), k >= 1 a city (or a ministry)
  SELECT r.region_code, r.name_zh, r.is_municipality, ks.k,
         CASE WHEN r.region_code = '000000' THEN coalesce(m.ministry, '国家数据局')
              WHEN ks.k = 0 THEN r.name_zh ELSE r.cities[ks.k] END AS place,
         CASE WHEN r.region_code = '000000' THEN 'CENTRAL' WHEN ks.k = 0 THEN 'PROVINCIAL'
              WHEN r.is_municipality THEN 'COUNTY' ELSE 'PREFECTURE' END AS admin_level
  FROM region r
  CROSS JOIN LATERAL (SELECT unnest(range(0, CASE WHEN r.region_code = '000000' THEN 1 + (SELECT count(*) FROM national_ministry) ELSE 1 + r.n_cities END)) AS k) ks
  LEFT JOIN national_ministry m ON r.region_code = '000000' AND m.k = ks.k
), granting AS (
  SELECT 'GA-' || region_code || '-' || gen_pad(k, 2) AS org_id, region_code, NULL AS sector_code,
         CASE WHEN region_code = '000000' THEN place ELSE place || '人民政府' END AS name,
         'GRANTING_AUTHORITY' AS org_role, 'PARTY_GOV_ORGAN' AS org_type, admin_level, false AS is_data_group
  FROM government_level
), implementing AS (
  SELECT 'IA-' || region_code || '-' || gen_pad(k, 2) AS org_id, region_code, NULL AS sector_code,
         CASE WHEN region_code = '000000' AND k = 0 THEN '国家数据局数据资源中心'
              WHEN region_code = '000000' THEN place || '信息中心' ELSE place || '数据局' END AS name,
         'IMPLEMENTING_AGENCY' AS org_role,
         CASE WHEN region_code = '000000' THEN 'PUBLIC_INSTITUTION' ELSE 'PARTY_GOV_ORGAN' END AS org_type,
         admin_level, false AS is_data_group
  FROM government_level
), operator_slot AS (
  SELECT r.*, k,
         CASE WHEN r.region_code = '000000' THEN 'OTHER_SOE'
              WHEN k = 0 AND r.has_provincial_data_group THEN 'LOCAL_DATA_GROUP'
              WHEN k = 0 THEN 'OTHER_SOE'
              WHEN k <= r.n_cities THEN 'LOCAL_DATA_GROUP'
              ELSE ['OTHER_SOE', 'PRIVATE_ENTERPRISE', 'PRIVATE_ENTERPRISE', 'OTHER_FINANCIAL'][1 + (k - r.n_cities - 1) % 4] END AS org_type
  FROM region r CROSS JOIN LATERAL (SELECT unnest(range(0, 1 + r.n_cities + r.n_other_operators)) AS k) ks
), operator AS (
  SELECT 'OP-' || region_code || '-' || gen_pad(k, 3) AS org_id, region_code, NULL AS sector_code,
         CASE WHEN region_code = '000000'
                THEN ['中国电子信息产业集团有限公司', '中国电信集团有限公司', '中国移动通信集团有限公司', '国家电网有限公司',
                      '中国联合网络通信集团有限公司', '中国国新控股有限责任公司'][1 + k % 6]
                     || CASE WHEN k >= 6 THEN '数据运营分公司' || (k // 6)::VARCHAR ELSE '' END
              WHEN k = 0 AND org_type = 'LOCAL_DATA_GROUP' THEN name_zh_short || '数据集团有限公司'
              WHEN k = 0 THEN name_zh_short || '信息产业集团有限公司'
              WHEN k <= n_cities THEN regexp_replace(cities[k], '市$', '') || '数据集团有限公司'
              ELSE regexp_replace(cities[1 + k % n_cities], '市$', '')
                   || CASE org_type
                        WHEN 'OTHER_SOE' THEN gen_pick($seed, region_code || k, 'soe', ['交通投资', '广电网络', '城市建设投资', '信息产业', '公共资源交易']) || '集团有限公司'
                        WHEN 'OTHER_FINANCIAL' THEN '金融控股集团有限公司'
                        ELSE gen_pick($seed, region_code || k, 'brand', ['数智', '云启', '恒信', '博远', '汇通', '星河', '鼎盛', '天正', '众联', '睿图'])
                             || gen_pick($seed, region_code || k, 'trade', ['数据科技', '信息技术', '智能科技', '数据服务']) || '有限公司' END
                   || CASE WHEN k > n_cities + 4 * n_cities THEN '（' || k::VARCHAR || '）' ELSE '' END END AS name,
         'OPERATOR' AS org_role, org_type,
         CASE WHEN region_code = '000000' THEN 'CENTRAL' WHEN k = 0 THEN 'PROVINCIAL' ELSE 'PREFECTURE' END AS admin_level,
         org_type = 'LOCAL_DATA_GROUP' AS is_data_group
  FROM operator_slot
), holder_slot AS (
  SELECT c.region_code, c.sector_code, c.region_name_zh, c.cities, c.departments, c.ministry, c.national_holder,
         len(c.departments) AS n_depts, len(c.cities) AS n_cities, k
  FROM read_parquet($cells) c CROSS JOIN LATERAL (SELECT unnest(range(0, c.n_holders)) AS k) ks
), holder AS (
  SELECT 'DH-' || region_code || '-' || sector_code || '-' || gen_pad(k, 4) AS org_id, region_code, sector_code,
         CASE WHEN region_code = '000000' AND k = 0 THEN national_holder
              WHEN region_code = '000000' THEN ministry || ['数据中心', '统计信息中心', '科学研究院', '信息化管理办公室'][1 + (k - 1) % 4]
                   || CASE WHEN k > 4 THEN '（' || ((k - 1) // 4 + 1)::VARCHAR || '）' ELSE '' END
              WHEN k < n_depts THEN region_name_zh || departments[1 + k]
              ELSE cities[1 + ((k - n_depts) // n_depts) % n_cities] || departments[1 + k % n_depts]
                   || CASE WHEN k >= n_depts * (1 + n_cities)
                           THEN ['信息中心', '数据中心', '直属单位'][1 + (k // (n_depts * (1 + n_cities)) - 1) % 3]
                                || CASE WHEN k >= 4 * n_depts * (1 + n_cities) THEN (k // (n_depts * (1 + n_cities)))::VARCHAR ELSE '' END
                           ELSE '' END END AS name,
         'DATA_HOLDER' AS org_role,
         CASE WHEN region_code = '000000' THEN 'CENTRAL' WHEN k < n_depts THEN 'PROVINCIAL' ELSE 'PREFECTURE' END AS admin_level,
         false AS is_data_group
  FROM holder_slot
), user_slot AS (
  SELECT p.region_code, p.user_type, p.type_abbr, r.name_zh_short, r.cities, r.n_cities, k
  FROM read_parquet($user_pools) p JOIN region r USING (region_code)
  CROSS JOIN LATERAL (SELECT unnest(range(0, p.n_users)) AS k) ks
  WHERE p.region_code BETWEEN $first_user_region AND $last_user_region
), app_user AS (
  SELECT 'U-' || region_code || '-' || type_abbr || '-' || gen_pad(k, 5) AS org_id, region_code, NULL AS sector_code,
         CASE user_type
           WHEN 'BANK' THEN gen_pick($seed, org_id, 'bank', ['中国工商银行', '中国建设银行', '中国农业银行', '中国银行', '交通银行', '招商银行',
                 '兴业银行', '浦发银行', '中信银行', '中国邮政储蓄银行', '民生银行', '农村商业银行'])
                 || regexp_replace(gen_pick($seed, org_id, 'city', cities), '市$', '')
                 || gen_pick($seed, org_id, 'branch', ['城东', '城西', '高新区', '开发区', '中山路', '人民路', '解放路', '滨江', '新区', '营业部']) || '支行'
           WHEN 'INSURER' THEN gen_pick($seed, org_id, 'insurer', ['中国人民财产保险', '中国平安财产保险', '中国太平洋财产保险', '中国人寿保险',
                 '泰康人寿保险', '阳光财产保险', '中华联合财产保险', '大地财产保险']) || '股份有限公司'
                 || regexp_replace(gen_pick($seed, org_id, 'city', cities), '市$', '') || '分公司'
           WHEN 'OTHER_FINANCIAL' THEN regexp_replace(gen_pick($seed, org_id, 'city', cities), '市$', '')
                 || gen_pick($seed, org_id, 'brand', ['恒通', '信达', '中和', '润泽', '金桥', '华鑫']) 
                 || gen_pick($seed, org_id, 'fin', ['融资担保', '小额贷款', '融资租赁', '消费金融', '商业保理']) || '有限公司'
           WHEN 'ENTERPRISE' THEN regexp_replace(gen_pick($seed, org_id, 'city', cities), '市$', '')
                 || gen_pick($seed, org_id, 'brand', ['云启', '数智', '恒信', '新联', '华创', '博远', '汇通', '智行', '瑞达', '星河', '天正',
                      '君和', '远景', '鼎盛', '益康', '众联'])
                 || gen_pick($seed, org_id, 'trade', ['科技', '信息技术', '物流', '医药', '供应链管理', '电子商务', '农业发展', '新能源',
                      '文化传媒', '检测认证', '建设工程', '食品']) || '有限公司'
           WHEN 'GOVERNMENT_UNIT' THEN gen_pick($seed, org_id, 'city', cities)
                 || gen_pick($seed, org_id, 'dept', ['市场监督管理局', '人力资源和社会保障局', '住房和城乡建设局', '公安局', '民政局', '财政局',
                      '应急管理局', '生态环境局', '城市管理局', '卫生健康委员会'])
           WHEN 'UNIVERSITY_RESEARCH' THEN CASE WHEN region_code = '000000'
                 THEN gen_pick($seed, org_id, 'central-school', ['中国科学院', '中国社会科学院', '中国工程院', '中国农业科学院', '中国医学科学院'])
                 ELSE name_zh_short || gen_pick($seed, org_id, 'school', ['大学', '理工大学', '师范大学', '财经大学', '医科大学', '农业大学', '交通大学',
                      '省社会科学院', '省科学院', '工业大学']) END
           ELSE '个人开发者（' || gen_pick($seed, org_id, 'surname', ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙']) || '**）'
         END || CASE WHEN user_type IN ('UNIVERSITY_RESEARCH') AND k >= 10 THEN '（' || k::VARCHAR || '）' ELSE '' END AS name,
         'USER' AS org_role,
         CASE user_type WHEN 'BANK' THEN 'BANK' WHEN 'INSURER' THEN 'INSURER' WHEN 'OTHER_FINANCIAL' THEN 'OTHER_FINANCIAL'
                        WHEN 'ENTERPRISE' THEN 'PRIVATE_ENTERPRISE' WHEN 'GOVERNMENT_UNIT' THEN 'PARTY_GOV_ORGAN'
                        WHEN 'UNIVERSITY_RESEARCH' THEN 'UNIVERSITY_RESEARCH' ELSE 'INDIVIDUAL_DEVELOPER' END AS org_type,
         CASE WHEN user_type = 'GOVERNMENT_UNIT' THEN 'PREFECTURE' END AS admin_level, false AS is_data_group
  FROM user_slot
), everyone AS (
  SELECT * FROM (
    SELECT org_id, region_code, sector_code, name, org_role, org_type, admin_level, is_data_group FROM reg_institution
    UNION ALL SELECT org_id, region_code, sector_code, name, org_role, org_type, admin_level, is_data_group FROM granting
    UNION ALL SELECT org_id, region_code, sector_code, name, org_role, org_type, admin_level, is_data_group FROM implementing
    UNION ALL SELECT org_id, region_code, sector_code, name, org_role, org_type, admin_level, is_data_group FROM operator
    UNION ALL SELECT org_id, region_code, sector_code, name, org_role,
                     CASE WHEN regexp_matches(name, '公司$') THEN 'PUBLIC_UTILITY'
                          WHEN regexp_matches(name, '(中心|院|所|台|支队)(（\d+）)?$') THEN 'PUBLIC_INSTITUTION'
                          ELSE 'PARTY_GOV_ORGAN' END, admin_level, is_data_group FROM holder
  ) WHERE $others
  UNION ALL SELECT org_id, region_code, sector_code, name, org_role, org_type, admin_level, is_data_group FROM app_user
), coded AS (
  -- GB 32100 unified social credit code: registration authority + category, region, 9-character organisation code
  SELECT *,
         CASE WHEN org_type = 'INDIVIDUAL_DEVELOPER' THEN NULL
              ELSE CASE org_type WHEN 'PARTY_GOV_ORGAN' THEN '11' WHEN 'PUBLIC_INSTITUTION' THEN '12'
                                 WHEN 'UNIVERSITY_RESEARCH' THEN '12' ELSE '91' END
                   || CASE WHEN region_code IN ('000000', '660000') THEN '100000' ELSE region_code END
                   || lpad((hash($seed || '|' || org_id || '|' || 'uscc') % 1000000000)::VARCHAR, 9, '0') END AS uscc17
  FROM everyone
)
SELECT org_id,
       uscc17 || CASE WHEN uscc17 IS NULL THEN NULL ELSE
         substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
                (1 + (31 - list_sum(list_transform(range(17), lambda i:
                        (instr('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(uscc17, i + 1, 1)) - 1)
                        * [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28][i + 1])) % 31) % 31)::BIGINT, 1) END AS uscc,
       name, org_role, org_type, admin_level, region_code, sector_code, is_data_group
FROM coded
ORDER BY org_id
