/// One versioned step of the metadata schema. Statements are written in the SQL both SQLite and PostgreSQL accept;
/// a step that cannot be is given per dialect.
struct MetadataMigration: Sendable {
    var version: Int
    var name: String
    var statements: @Sendable (MetadataDialect) -> [String]

    /// Every migration, oldest first. Append new ones; never edit one that has shipped.
    static let all: [MetadataMigration] = [
        MetadataMigration(version: 1, name: "files, stored objects and sessions") { _ in
            [
                """
                CREATE TABLE objects (
                    hash TEXT PRIMARY KEY,
                    storage_key TEXT NOT NULL,
                    size BIGINT NOT NULL,
                    content_type TEXT NOT NULL,
                    refs BIGINT NOT NULL,
                    variants TEXT NOT NULL DEFAULT '{}',
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE files (
                    id TEXT PRIMARY KEY,
                    tag TEXT NOT NULL,
                    filename TEXT NOT NULL,
                    content_type TEXT NOT NULL,
                    size BIGINT NOT NULL,
                    hash TEXT NOT NULL,
                    uploader_id TEXT,
                    uploaded_at BIGINT NOT NULL,
                    used_for_type TEXT,
                    used_for_id TEXT,
                    deleted BOOLEAN NOT NULL DEFAULT FALSE,
                    deleted_at BIGINT,
                    reported BOOLEAN NOT NULL DEFAULT FALSE,
                    metadata TEXT NOT NULL,
                    processing TEXT NOT NULL DEFAULT 'pending',
                    processing_error TEXT
                )
                """,
                "CREATE INDEX files_hash ON files (hash)",
                "CREATE INDEX files_used_for ON files (used_for_type, used_for_id)",
                "CREATE INDEX files_dangling ON files (uploaded_at, id) WHERE used_for_type IS NULL AND deleted = FALSE",
                "CREATE INDEX files_deleted ON files (deleted_at, id) WHERE deleted = TRUE",
                """
                CREATE TABLE sessions (
                    id TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    name TEXT NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT
                )
                """,
                "CREATE INDEX sessions_user ON sessions (user_id)",
            ]
        },
        MetadataMigration(version: 2, name: "indexes for cleanup: objects by storage key, unreferenced objects") { _ in
            [
                "CREATE UNIQUE INDEX objects_storage_key ON objects (storage_key)",
                "CREATE INDEX objects_unreferenced ON objects (hash) WHERE refs <= 0",
            ]
        },
    ]
}
