#include "store/Schema.h"

namespace petrel::store::schema {

// Notes on choices that are not obvious from the DDL:
// - accounts hold configuration only. Secrets live in the OS keyring (DESIGN §3), and no column
//   name even contains "pass" (a test checks), so the command that produces a password is
//   auth_command.
// - Enums are stored as the same words the CLI prints, so the file is readable with sqlite3.
// - Every child column of a foreign key has an index (often the leading part of a UNIQUE):
//   without one, each parent delete scans the whole child table.
// - messages carries derived sort columns (sort_date, from_sort, subject_sort) computed in C++,
//   and `unread`, which duplicates "flags has no \Seen" so indexes can hold it (SQLite 3.40
//   treats neither an expression nor a generated column in an index as covering); the CHECK
//   keeps the two from ever disagreeing.
// - One covering index per sort order: (folder_id, key, id, unread). It serves the list in
//   (key, id) order in both directions, and the unread filter from the same index without
//   touching the table. Four more partial indexes (WHERE unread = 1) would let unread pages
//   skip read rows, but cost ~50% more per insert (100k rows: 1.9 s against 1.2 s), and with
//   PageAnchors the walks are short anyway. Inserts into the From/Subject/Size indexes land
//   at random places, so each committed batch rewrites most of their leaf pages: that, not
//   the row count, is what a sync batch costs (see bench_store_index).
// - The FTS table is external-content over a view (message header columns + cached body text),
//   kept in sync by triggers for updates and deletes, so deletes through ON DELETE CASCADE
//   also leave the index clean; inserts are indexed by MessageIndex (see below).
const char* const kVersion1 = R"SQL(
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    protocol TEXT NOT NULL CHECK (protocol IN ('imap', 'pop3')),
    in_host TEXT NOT NULL,
    in_port INTEGER NOT NULL,
    in_security TEXT NOT NULL CHECK (in_security IN ('tls', 'starttls', 'plain')),
    in_fingerprint TEXT NOT NULL DEFAULT '',
    user_name TEXT NOT NULL DEFAULT '',
    auth_command TEXT NOT NULL DEFAULT '',
    allow_plaintext INTEGER NOT NULL DEFAULT 0,
    compress INTEGER NOT NULL DEFAULT 1,
    body_cap_bytes INTEGER NOT NULL,
    mark_read_on_open INTEGER NOT NULL DEFAULT 0,
    delete_policy TEXT NOT NULL CHECK (delete_policy IN ('trash', 'expunge')),
    check_interval_seconds INTEGER NOT NULL,
    pop3_mode TEXT NOT NULL CHECK (pop3_mode IN ('keep', 'delete')),
    leave_days INTEGER NOT NULL DEFAULT 0,
    delete_on_local_delete INTEGER NOT NULL DEFAULT 0,
    pop3_size_limit_kb INTEGER NOT NULL DEFAULT 0,
    from_address TEXT NOT NULL DEFAULT '',
    smtp_host TEXT,
    smtp_port INTEGER,
    smtp_security TEXT CHECK (smtp_security IN ('tls', 'starttls', 'plain')),
    smtp_fingerprint TEXT
);

CREATE TABLE folders (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    separator TEXT NOT NULL DEFAULT '/',
    special_use TEXT NOT NULL DEFAULT '',
    subscribed INTEGER NOT NULL DEFAULT 1,
    selectable INTEGER NOT NULL DEFAULT 1,
    local INTEGER NOT NULL DEFAULT 0,
    uid_validity INTEGER NOT NULL DEFAULT 0,
    uid_next INTEGER NOT NULL DEFAULT 0,
    highest_modseq INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    unread INTEGER NOT NULL DEFAULT 0,
    UNIQUE (account_id, path)
);

CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    folder_id INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
    uid INTEGER NOT NULL,
    flags INTEGER NOT NULL DEFAULT 0,
    unread INTEGER NOT NULL CHECK (unread = ((flags & 1) = 0)),
    keywords TEXT NOT NULL DEFAULT '',
    size INTEGER NOT NULL DEFAULT 0,
    internal_date INTEGER NOT NULL DEFAULT 0,
    date INTEGER NOT NULL DEFAULT 0,
    sort_date INTEGER NOT NULL DEFAULT 0,
    from_addr TEXT NOT NULL DEFAULT '',
    from_sort TEXT NOT NULL DEFAULT '',
    to_addr TEXT NOT NULL DEFAULT '',
    cc_addr TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    subject_sort TEXT NOT NULL DEFAULT '',
    header_message_id TEXT NOT NULL DEFAULT '',
    in_reply_to TEXT NOT NULL DEFAULT '',
    refs TEXT NOT NULL DEFAULT '',
    has_attachment INTEGER NOT NULL DEFAULT 0,
    body_structure TEXT NOT NULL DEFAULT '',
    cache_state INTEGER NOT NULL DEFAULT 1,
    UNIQUE (folder_id, uid)
);

CREATE INDEX messages_by_date ON messages (folder_id, sort_date, id, unread);
CREATE INDEX messages_by_from ON messages (folder_id, from_sort, id, unread);
CREATE INDEX messages_by_subject ON messages (folder_id, subject_sort, id, unread);
CREATE INDEX messages_by_size ON messages (folder_id, size, id, unread);

-- The displayable text of a message (possibly capped), kept apart so list rows stay small.
CREATE TABLE message_text (
    message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    partial INTEGER NOT NULL DEFAULT 0
);

CREATE VIEW message_fts_source AS
    SELECT m.id AS id, m.from_addr AS from_addr, m.to_addr AS to_addr, m.cc_addr AS cc_addr,
           m.subject AS subject, t.body AS body
    FROM messages m LEFT JOIN message_text t ON t.message_id = m.id;

CREATE VIRTUAL TABLE message_fts USING fts5(
    from_addr, to_addr, cc_addr, subject, body,
    content = 'message_fts_source', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2');

-- External content: each change must remove exactly the values that were indexed.
-- New messages are indexed by MessageIndex::upsertBatch, batch-wise, not by an INSERT trigger:
-- a trigger makes every row its own statement-level savepoint, and FTS5 flushes its pending
-- terms to disk at each savepoint (measured: 3.2 s of 3.7 s for 100k inserts).
CREATE TRIGGER messages_fts_update AFTER UPDATE OF from_addr, to_addr, cc_addr, subject ON messages
WHEN old.from_addr IS NOT new.from_addr OR old.to_addr IS NOT new.to_addr
  OR old.cc_addr IS NOT new.cc_addr OR old.subject IS NOT new.subject BEGIN
    INSERT INTO message_fts (message_fts, rowid, from_addr, to_addr, cc_addr, subject, body)
    VALUES ('delete', old.id, old.from_addr, old.to_addr, old.cc_addr, old.subject,
            (SELECT body FROM message_text WHERE message_id = old.id));
    INSERT INTO message_fts (rowid, from_addr, to_addr, cc_addr, subject, body)
    VALUES (new.id, new.from_addr, new.to_addr, new.cc_addr, new.subject,
            (SELECT body FROM message_text WHERE message_id = new.id));
END;

-- BEFORE, so the cached text (removed by the cascade after the row) is still there to unindex.
CREATE TRIGGER messages_fts_delete BEFORE DELETE ON messages BEGIN
    INSERT INTO message_fts (message_fts, rowid, from_addr, to_addr, cc_addr, subject, body)
    VALUES ('delete', old.id, old.from_addr, old.to_addr, old.cc_addr, old.subject,
            (SELECT body FROM message_text WHERE message_id = old.id));
END;

CREATE TRIGGER message_text_fts_insert AFTER INSERT ON message_text BEGIN
    INSERT INTO message_fts (message_fts, rowid, from_addr, to_addr, cc_addr, subject, body)
    SELECT 'delete', id, from_addr, to_addr, cc_addr, subject, NULL FROM messages WHERE id = new.message_id;
    INSERT INTO message_fts (rowid, from_addr, to_addr, cc_addr, subject, body)
    SELECT id, from_addr, to_addr, cc_addr, subject, new.body FROM messages WHERE id = new.message_id;
END;

CREATE TRIGGER message_text_fts_update AFTER UPDATE OF body ON message_text BEGIN
    INSERT INTO message_fts (message_fts, rowid, from_addr, to_addr, cc_addr, subject, body)
    SELECT 'delete', id, from_addr, to_addr, cc_addr, subject, old.body FROM messages WHERE id = old.message_id;
    INSERT INTO message_fts (rowid, from_addr, to_addr, cc_addr, subject, body)
    SELECT id, from_addr, to_addr, cc_addr, subject, new.body FROM messages WHERE id = new.message_id;
END;

-- When the message itself is being deleted its trigger already unindexed everything, and the
-- row is gone by the time the cascade reaches message_text: the SELECTs then find nothing.
CREATE TRIGGER message_text_fts_delete AFTER DELETE ON message_text BEGIN
    INSERT INTO message_fts (message_fts, rowid, from_addr, to_addr, cc_addr, subject, body)
    SELECT 'delete', id, from_addr, to_addr, cc_addr, subject, old.body FROM messages WHERE id = old.message_id;
    INSERT INTO message_fts (rowid, from_addr, to_addr, cc_addr, subject, body)
    SELECT id, from_addr, to_addr, cc_addr, subject, NULL FROM messages WHERE id = old.message_id;
END;

-- Fetched MIME parts, as byte ranges. Small ranges live in `data`; large ones in a file under
-- the cache directory (file_name is relative to it, so the directory can move).
CREATE TABLE parts (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    section TEXT NOT NULL,
    start INTEGER NOT NULL,
    length INTEGER NOT NULL,
    data BLOB,
    file_name TEXT,
    complete INTEGER NOT NULL DEFAULT 0,
    fetched_at INTEGER NOT NULL DEFAULT 0,
    CHECK ((data IS NULL) <> (file_name IS NULL)),
    UNIQUE (message_id, section, start)
);

-- What a POP3 account has seen and taken, so keep-mode never downloads a message twice.
-- The ledger survives deleting the local copy (local_message_id becomes NULL).
CREATE TABLE pop3_ledger (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    uidl TEXT NOT NULL,
    size INTEGER NOT NULL DEFAULT 0,
    first_seen INTEGER NOT NULL,
    downloaded_at INTEGER,
    local_message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
    deleted_on_server_at INTEGER,
    UNIQUE (account_id, uidl)
);
CREATE INDEX pop3_ledger_by_message ON pop3_ledger (local_message_id) WHERE local_message_id IS NOT NULL;

-- Changes made while offline, replayed in id order.
CREATE TABLE op_queue (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed'))
);
CREATE INDEX op_queue_by_state ON op_queue (account_id, state, id);

-- Messages waiting to be sent. Envelope recipients are stored because Bcc is not in the message.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    raw_path TEXT,
    raw_message BLOB,
    envelope_from TEXT NOT NULL DEFAULT '',
    recipients TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    CHECK ((raw_path IS NULL) <> (raw_message IS NULL))
);
CREATE INDEX outbox_by_state ON outbox (account_id, state, id);

CREATE TABLE byte_counters (
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    operation TEXT NOT NULL,
    bytes_sent INTEGER NOT NULL DEFAULT 0,
    bytes_received INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, operation)
) WITHOUT ROWID;
)SQL";

// Shows the ladder at work on a real need: the folder pane says when a folder was last checked.
const char* const kVersion2 = R"SQL(
ALTER TABLE folders ADD COLUMN last_sync_at INTEGER NOT NULL DEFAULT 0;
)SQL";

// The identity's signature, appended to new messages, replies and forwards.
const char* const kVersion3 = R"SQL(
ALTER TABLE accounts ADD COLUMN signature TEXT NOT NULL DEFAULT '';
)SQL";

}  // namespace petrel::store::schema
