-- Insert new and changed records; records identical to the live version stay as they are (with their batch).
INSERT INTO registration BY NAME
SELECT a.* EXCLUDE (line), $batch_id AS batch_id
FROM portal_accepted AS a
WHERE a.line NOT IN (SELECT line FROM portal_known WHERE same)
