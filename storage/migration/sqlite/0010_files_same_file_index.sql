-- name: an index to find the versions of a file

-- The versions of a file share workspace, folder, holder and name; an
-- unfiled file has no folder. Listings and search show each file once, as
-- its latest version, and look up its other versions by this key, with
-- "no folder" as 0 so that one equality finds it (folder ids start at 1).
CREATE INDEX files_same_file ON files (workspace, name, held_for, (COALESCE(folder_id, 0)));
