-- Extra spellings that map onto an enumeration code (kept as data so they can be extended without code changes).
-- Matching is on the trimmed, lower-cased text.
CREATE TABLE IF NOT EXISTS enum_synonym (
  enum_name  VARCHAR NOT NULL,
  synonym    VARCHAR NOT NULL,
  code       VARCHAR NOT NULL,
  PRIMARY KEY (enum_name, synonym)
);
