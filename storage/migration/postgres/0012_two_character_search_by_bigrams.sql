-- name: two-character search terms found by character bigrams

-- A GIN index on trigrams cannot find a term of two characters, the
-- common case in Chinese (预热, 报名, 券后, 价保). The documents' distinct
-- character bigrams join their trigrams in the same grams column (the two
-- never collide: their lengths differ), under the same GIN index. The bot
-- leaves out bigrams holding white space, which no term of two characters
-- holds; here those of ASCII white space are left out. string_to_array
-- with a NULL delimiter cuts a document into characters in one pass, and
-- lead() pairs each with the next.
UPDATE file_search SET grams = grams || coalesce((
	SELECT array_agg(DISTINCT g) FROM (
		SELECT c || lead(c) OVER (ORDER BY i) AS g
		FROM unnest(string_to_array(doc, NULL)) WITH ORDINALITY AS t (c, i)
	) AS pairs
	WHERE g IS NOT NULL AND g !~ '[ \t\n\r\f\v]'
), '{}');

UPDATE todo_search SET grams = grams || coalesce((
	SELECT array_agg(DISTINCT g) FROM (
		SELECT c || lead(c) OVER (ORDER BY i) AS g
		FROM unnest(string_to_array(doc, NULL)) WITH ORDINALITY AS t (c, i)
	) AS pairs
	WHERE g IS NOT NULL AND g !~ '[ \t\n\r\f\v]'
), '{}');
