-- Bilingual labels of every enumeration. Codes are what the record tables store; ingestion also accepts the
-- Chinese or English label (and the synonyms in enum_synonym) and maps them to the code. is_free marks the use purposes
-- that must not be charged (public governance, public welfare), so "paid" has one definition: a purpose that is not
-- free, with an amount above zero.
CREATE TABLE IF NOT EXISTS enum_label (
  enum_name   VARCHAR NOT NULL,
  code        VARCHAR NOT NULL,
  label_zh    VARCHAR NOT NULL,
  label_en    VARCHAR NOT NULL,
  sort_order  INTEGER NOT NULL,
  is_free     BOOLEAN NOT NULL DEFAULT false,
  PRIMARY KEY (enum_name, code)
);
