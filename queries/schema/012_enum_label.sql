-- Bilingual labels of every enumeration. Codes are what the record tables store; ingestion also accepts the
-- Chinese or English label (and the synonyms in enum_synonym) and maps them to the code.
CREATE TABLE IF NOT EXISTS enum_label (
  enum_name   VARCHAR NOT NULL,
  code        VARCHAR NOT NULL,
  label_zh    VARCHAR NOT NULL,
  label_en    VARCHAR NOT NULL,
  sort_order  INTEGER NOT NULL,
  PRIMARY KEY (enum_name, code)
);
