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
        MetadataMigration(version: 3, name: "chat: accounts, users and bots") { _ in
            [
                """
                CREATE TABLE accounts (
                    id TEXT PRIMARY KEY,
                    email TEXT NOT NULL,
                    email_key TEXT NOT NULL UNIQUE,
                    password_hash TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE users (
                    id TEXT PRIMARY KEY,
                    username TEXT NOT NULL,
                    username_key TEXT NOT NULL,
                    discriminator TEXT NOT NULL,
                    display_name TEXT,
                    avatar TEXT,
                    status TEXT,
                    profile TEXT,
                    bot_owner TEXT,
                    flags BIGINT NOT NULL DEFAULT 0,
                    badges BIGINT NOT NULL DEFAULT 0,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX users_username ON users (username_key, discriminator)",
                """
                CREATE TABLE bots (
                    id TEXT PRIMARY KEY,
                    owner_id TEXT NOT NULL,
                    public BOOLEAN NOT NULL DEFAULT FALSE,
                    interactions_url TEXT,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX bots_owner ON bots (owner_id)",
            ]
        },
        MetadataMigration(version: 4, name: "chat: servers, channels, members, bans and invites") { _ in
            [
                """
                CREATE TABLE servers (
                    id TEXT PRIMARY KEY,
                    owner_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    description TEXT,
                    icon TEXT,
                    banner TEXT,
                    default_permissions BIGINT NOT NULL,
                    roles TEXT NOT NULL DEFAULT '{}',
                    flags BIGINT NOT NULL DEFAULT 0,
                    nsfw BOOLEAN NOT NULL DEFAULT FALSE,
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE channels (
                    id TEXT PRIMARY KEY,
                    channel_type TEXT NOT NULL,
                    server_id TEXT,
                    name TEXT,
                    description TEXT,
                    icon TEXT,
                    owner_id TEXT,
                    active BOOLEAN NOT NULL DEFAULT FALSE,
                    last_message_id TEXT,
                    default_permissions TEXT,
                    role_permissions TEXT NOT NULL DEFAULT '{}',
                    group_permissions BIGINT,
                    nsfw BOOLEAN NOT NULL DEFAULT FALSE,
                    voice TEXT,
                    dm_key TEXT UNIQUE,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX channels_server ON channels (server_id, id)",
                """
                CREATE TABLE channel_recipients (
                    channel_id TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    PRIMARY KEY (channel_id, user_id)
                )
                """,
                "CREATE INDEX channel_recipients_user ON channel_recipients (user_id)",
                """
                CREATE TABLE members (
                    server_id TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    joined_at BIGINT NOT NULL,
                    nickname TEXT,
                    avatar TEXT,
                    roles TEXT NOT NULL DEFAULT '[]',
                    timeout BIGINT,
                    PRIMARY KEY (server_id, user_id)
                )
                """,
                "CREATE INDEX members_user ON members (user_id)",
                """
                CREATE TABLE bans (
                    server_id TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    reason TEXT,
                    PRIMARY KEY (server_id, user_id)
                )
                """,
                """
                CREATE TABLE invites (
                    code TEXT PRIMARY KEY,
                    server_id TEXT NOT NULL,
                    channel_id TEXT NOT NULL,
                    creator_id TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX invites_server ON invites (server_id)",
            ]
        },
        MetadataMigration(version: 5, name: "chat: messages and read state") { _ in
            [
                """
                CREATE TABLE messages (
                    id TEXT PRIMARY KEY,
                    channel_id TEXT NOT NULL,
                    author_id TEXT NOT NULL,
                    nonce TEXT,
                    pinned BOOLEAN NOT NULL DEFAULT FALSE,
                    body TEXT NOT NULL
                )
                """,
                "CREATE INDEX messages_channel ON messages (channel_id, id)",
                "CREATE UNIQUE INDEX messages_nonce ON messages (author_id, nonce) WHERE nonce IS NOT NULL",
                """
                CREATE TABLE channel_unreads (
                    channel_id TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    last_id TEXT,
                    mentions TEXT NOT NULL DEFAULT '[]',
                    PRIMARY KEY (channel_id, user_id)
                )
                """,
                "CREATE INDEX channel_unreads_user ON channel_unreads (user_id)",
            ]
        },
        MetadataMigration(version: 6, name: "integrations: webhooks, bot profiles and signing keys") { _ in
            [
                """
                CREATE TABLE webhooks (
                    id TEXT PRIMARY KEY,
                    channel_id TEXT NOT NULL,
                    creator_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    avatar TEXT,
                    permissions BIGINT NOT NULL,
                    token TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX webhooks_channel ON webhooks (channel_id, id)",
                "ALTER TABLE bots ADD COLUMN analytics BOOLEAN NOT NULL DEFAULT FALSE",
                "ALTER TABLE bots ADD COLUMN discoverable BOOLEAN NOT NULL DEFAULT FALSE",
                "ALTER TABLE bots ADD COLUMN terms_of_service_url TEXT",
                "ALTER TABLE bots ADD COLUMN privacy_policy_url TEXT",
                "ALTER TABLE bots ADD COLUMN signing_key TEXT",
                "CREATE INDEX bots_interactions ON bots (id) WHERE interactions_url IS NOT NULL",
            ]
        },
    ]
}
