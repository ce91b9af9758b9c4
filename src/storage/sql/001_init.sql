-- 001_init: conversations, their instances, turns, answers and votes (docs/storage.md §3).
-- Times are milliseconds since the Unix epoch (UTC).

CREATE TABLE conversations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    title      TEXT    NOT NULL DEFAULT '',
    system     TEXT    NOT NULL DEFAULT '',
    blind      INTEGER NOT NULL DEFAULT 0 CHECK (blind IN (0, 1)),
    revealed   INTEGER NOT NULL DEFAULT 0 CHECK (revealed IN (0, 1)),
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL,
    CHECK (revealed = 0 OR blind = 1)
);
CREATE INDEX conversations_by_activity ON conversations (updated_ms DESC, id DESC);

CREATE TABLE instances (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    instance_id     TEXT    NOT NULL,
    position        INTEGER NOT NULL CHECK (position >= 0),
    label           TEXT    NOT NULL,
    model           TEXT    NOT NULL,
    temperature     REAL    NOT NULL,
    top_p           REAL    NOT NULL,
    top_k           INTEGER NOT NULL,
    repeat_penalty  REAL    NOT NULL,
    num_predict     INTEGER NOT NULL,
    seed            INTEGER NOT NULL,
    options_json    TEXT    NOT NULL,
    model_digest    TEXT,
    ollama_version  TEXT,
    created_ms      INTEGER NOT NULL,
    UNIQUE (conversation_id, instance_id),
    UNIQUE (conversation_id, position)
);

CREATE TABLE turns (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL CHECK (seq >= 1),
    user_message    TEXT    NOT NULL,
    system          TEXT    NOT NULL,
    messages_json   TEXT    NOT NULL,
    created_ms      INTEGER NOT NULL,
    UNIQUE (conversation_id, seq)
);

CREATE TABLE answers (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    turn_id               INTEGER NOT NULL REFERENCES turns (id) ON DELETE CASCADE,
    instance_ref          INTEGER NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    slot                  INTEGER NOT NULL CHECK (slot >= 0),
    status                TEXT    NOT NULL DEFAULT 'pending'
                          CHECK (status IN ('pending', 'complete', 'failed', 'stopped')),
    text                  TEXT    NOT NULL DEFAULT '',
    error                 TEXT,
    done_reason           TEXT,
    tokens                INTEGER,
    duration_s            REAL,
    tokens_per_sec        REAL,
    ttft_s                REAL,
    total_s               REAL,
    prompt_tokens         INTEGER,
    prompt_tokens_per_sec REAL,
    load_s                REAL,
    rating                INTEGER NOT NULL DEFAULT 0 CHECK (rating IN (-1, 0, 1)),
    created_ms            INTEGER NOT NULL,
    finished_ms           INTEGER,
    UNIQUE (turn_id, instance_ref),
    UNIQUE (turn_id, slot)
);
CREATE INDEX answers_by_instance ON answers (instance_ref);
CREATE INDEX answers_pending ON answers (status) WHERE status = 'pending';

CREATE TABLE votes (
    turn_id    INTEGER PRIMARY KEY REFERENCES turns (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('best', 'tie', 'all_bad')),
    winner     INTEGER REFERENCES answers (id) ON DELETE CASCADE,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL,
    CHECK ((kind = 'best') = (winner IS NOT NULL))
);
CREATE INDEX votes_by_time ON votes (updated_ms, turn_id);
CREATE INDEX votes_by_winner ON votes (winner);

CREATE TRIGGER votes_winner_in_turn_insert BEFORE INSERT ON votes
WHEN NEW.winner IS NOT NULL
 AND NOT EXISTS (SELECT 1 FROM answers WHERE id = NEW.winner AND turn_id = NEW.turn_id)
BEGIN
    SELECT RAISE(ABORT, 'the winner is not an answer of this turn');
END;

CREATE TRIGGER votes_winner_in_turn_update BEFORE UPDATE ON votes
WHEN NEW.winner IS NOT NULL
 AND NOT EXISTS (SELECT 1 FROM answers WHERE id = NEW.winner AND turn_id = NEW.turn_id)
BEGIN
    SELECT RAISE(ABORT, 'the winner is not an answer of this turn');
END;
