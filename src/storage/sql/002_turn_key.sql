-- 002_turn_key: several requests can form one turn (docs/storage.md §3). A request that
-- carries the turn_key of an existing turn of the conversation adds its answers to that turn.

ALTER TABLE turns ADD COLUMN turn_key TEXT;
CREATE UNIQUE INDEX turns_by_key ON turns (conversation_id, turn_key) WHERE turn_key IS NOT NULL;
