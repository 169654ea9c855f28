-- Extensions for the task search indexes of the next migration: trigram
-- matching, and btree operators in GIN so one index holds (owner_id, text).
-- Both are trusted extensions (PostgreSQL 13+): the database owner may create
-- them without superuser rights; Neon and PGlite ship them.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gin;
