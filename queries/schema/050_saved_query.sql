-- Analysts' own saved queries in the SQL workbench (the shipped examples live in queries/saved/*.sql instead).
-- Written only by the server through the main instance, with bound parameters; ids are allocated under db.writes.
CREATE TABLE IF NOT EXISTS saved_query (
  id           INTEGER NOT NULL,
  title        VARCHAR NOT NULL,
  description  VARCHAR,
  sql          VARCHAR NOT NULL,
  created_at   TIMESTAMP NOT NULL,
  updated_at   TIMESTAMP NOT NULL
);
