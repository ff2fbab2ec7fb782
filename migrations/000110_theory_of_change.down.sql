-- The free text on activities already holds every entry of the six parts
-- that have a column; context, mechanisms, terms, links and evidence go.
DROP TRIGGER activities_text_to_toc ON activities;
DROP TABLE toc_links;
DROP TABLE toc_entries;
DROP FUNCTION activities_text_to_toc();
DROP FUNCTION toc_entries_to_text();
DROP FUNCTION toc_entries_from_text(bigint[]);
DROP FUNCTION toc_match_text(bigint, bigint, text, text);
DROP FUNCTION toc_text(bigint, text);
DROP FUNCTION toc_split(text);
DROP FUNCTION toc_column(text);
