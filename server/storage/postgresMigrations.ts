/**
 * The PostgreSQL schema, as an ordered list of migrations; the table schema_migration records
 * which have run. Append new migrations at the end; never edit one that has shipped.
 *
 * The first migration is the SQLite schema after all of its migrations (sqliteMigrations.ts),
 * with these differences:
 * - `user` is a reserved word here, so the table is `app_user`;
 * - e-mail addresses are unique by lower(email), as SQLite's COLLATE NOCASE compares them;
 * - times stay ISO-8601 text and JSON stays text, so values read back exactly as written and
 *   compare as they do in SQLite;
 * - flags are BOOLEAN, Yjs states BYTEA, counters BIGINT;
 * - where SQLite orders by rowid (versions, bilagor), an identity column keeps insertion order.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE room_snapshot (
    room TEXT PRIMARY KEY,
    state BYTEA NOT NULL,
    up_to_seq BIGINT NOT NULL
  );
  CREATE TABLE room_update (
    room TEXT NOT NULL,
    seq BIGINT NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (room, seq)
  );

  CREATE TABLE app_user (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    party TEXT,
    password_hash TEXT NOT NULL,
    is_admin BOOLEAN NOT NULL DEFAULT FALSE,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    is_namndsekreterare BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX app_user_email ON app_user (lower(email));
  CREATE TABLE user_group (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('forvaltning', 'namnd', 'parti')),
    party TEXT
  );
  CREATE TABLE group_member (
    group_id TEXT NOT NULL REFERENCES user_group(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
  );
  CREATE INDEX group_member_by_user ON group_member(user_id);
  CREATE TABLE session (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    -- Idle expiry counts from here (NULL: never used since sign-in, created_at counts).
    last_used_at TEXT
  );
  CREATE INDEX session_by_user ON session(user_id);
  -- Sign-in through the organisation's identity provider: a person is the provider's issuer and
  -- subject; a sign-in between redirect and answer; SAML assertions already used.
  CREATE TABLE user_identity (
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_sign_in_at TEXT NOT NULL,
    PRIMARY KEY (issuer, subject)
  );
  CREATE INDEX user_identity_by_user ON user_identity(user_id);
  CREATE TABLE external_signin_pending (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE TABLE saml_used_assertion (
    issuer TEXT NOT NULL,
    assertion_id TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    PRIMARY KEY (issuer, assertion_id)
  );

  CREATE TABLE arende (
    id TEXT PRIMARY KEY,
    diarienummer TEXT NOT NULL UNIQUE,
    arendemening TEXT NOT NULL,
    namnd TEXT NOT NULL DEFAULT '',
    handlaggare TEXT,
    beslutsplanering TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    created_by TEXT
  );

  CREATE TABLE document (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_by TEXT,
    -- A party group's draft is visible only to that group and named co-signers until handed in.
    private_to_group TEXT REFERENCES user_group(id),
    arende_id TEXT REFERENCES arende(id),
    template_pack TEXT NOT NULL DEFAULT 'malmo',
    template_version INTEGER NOT NULL DEFAULT 1,
    -- In the wastebasket since then (restorable until purged); archived since then (read-only).
    deleted_at TEXT,
    archived_at TEXT
  );
  CREATE INDEX document_by_creator ON document(created_by, created_at);
  CREATE INDEX document_by_arende ON document(arende_id);
  CREATE INDEX document_deleted ON document(deleted_at) WHERE deleted_at IS NOT NULL;

  CREATE TABLE document_access (
    document_id TEXT NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    principal_type TEXT NOT NULL CHECK (principal_type IN ('user', 'group')),
    principal_id TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'suggester', 'commenter', 'reader')),
    PRIMARY KEY (document_id, principal_type, principal_id)
  );
  CREATE INDEX document_access_by_principal ON document_access(principal_type, principal_id);

  CREATE TABLE audit_event (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id TEXT NOT NULL,
    subject TEXT,
    at TEXT NOT NULL,
    user_id TEXT,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX audit_by_document ON audit_event(document_id, id);
  CREATE INDEX audit_by_subject ON audit_event(subject, id);

  CREATE TABLE document_link (
    main_id TEXT NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    bilaga_id TEXT NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    party_group TEXT,
    attested_signers TEXT,
    -- A withdrawn bilaga stays linked but is no longer announced.
    withdrawn_at TEXT,
    position BIGINT GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (main_id, bilaga_id)
  );
  CREATE INDEX document_link_by_bilaga ON document_link(bilaga_id);

  CREATE TABLE status_transition (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    user_id TEXT,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    reason TEXT
  );
  CREATE INDEX status_transition_by_document ON status_transition(document_id, id);

  CREATE TABLE document_version (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    -- Unique per document (versionNameKey); NULL for versions from before names were unique.
    name_key TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT,
    author_name TEXT,
    origin TEXT NOT NULL DEFAULT 'manuell' CHECK (origin IN ('manuell', 'statusbyte', 'aterstallning')),
    origin_detail TEXT,
    -- The document's Yjs state at that moment, deflated (see server/versions/versionService.ts).
    state BYTEA NOT NULL,
    position BIGINT GENERATED ALWAYS AS IDENTITY
  );
  CREATE INDEX document_version_by_document ON document_version(document_id, created_at);
  CREATE UNIQUE INDEX document_version_name ON document_version(document_id, name_key) WHERE name_key IS NOT NULL;

  CREATE TABLE bilaga_cosigner (
    bilaga_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('inbjuden', 'bekraftad', 'avbojd')),
    invited_by TEXT NOT NULL,
    invited_at TEXT NOT NULL,
    answered_at TEXT,
    access_added BOOLEAN NOT NULL DEFAULT FALSE,
    role_before TEXT,
    signed_name TEXT,
    PRIMARY KEY (bilaga_id, user_id)
  );
  CREATE INDEX bilaga_cosigner_by_user ON bilaga_cosigner(user_id);

  CREATE TABLE template_pack_version (
    pack_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    definition TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT,
    PRIMARY KEY (pack_id, version)
  );
  CREATE TABLE organisation_setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // Several instances (server/cluster/): who owns which room, fenced by the epoch, and where
  // each instance takes forwarded sockets.
  `
  CREATE TABLE room_lease (
    room TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    epoch BIGINT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
  );
  CREATE TABLE cluster_instance (
    id TEXT PRIMARY KEY,
    address TEXT NOT NULL,
    heartbeat_at TIMESTAMPTZ NOT NULL
  );
  `,
  `
  -- Notifications (issue 19): one row per person and event, read or not, mailed or not; and how
  -- each person wants them by e-mail ('off', 'immediate', 'batched'; no row: the default).
  CREATE TABLE notification (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    document_id TEXT NOT NULL,
    thread_id TEXT,
    actor_id TEXT,
    actor_name TEXT,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at TEXT,
    mailed_at TEXT
  );
  CREATE INDEX notification_by_user ON notification(user_id, created_at);
  CREATE INDEX notification_unmailed ON notification(created_at) WHERE mailed_at IS NULL;
  CREATE TABLE notification_setting (
    user_id TEXT PRIMARY KEY,
    mail TEXT NOT NULL
  );
  `,
];
