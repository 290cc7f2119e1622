-- A JSON array of catalogue records; line is the 1-based position of the record in the array.
CREATE OR REPLACE TEMP TABLE portal_raw AS
SELECT row_number() OVER () AS line, json::VARCHAR AS text
FROM read_json_objects($path, format = 'array', compression = $compression, maximum_object_size = 67108864)
