/**
 * The SQLite schema, as an ordered list of migrations. `PRAGMA user_version` records how many
 * have run. Append new migrations at the end; never edit one that has shipped.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE room_snapshot (
    room TEXT PRIMARY KEY,
    state BLOB NOT NULL,
    up_to_seq INTEGER NOT NULL
  );
  CREATE TABLE room_update (
    room TEXT NOT NULL,
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (room, seq)
  ) WITHOUT ROWID;
  CREATE TABLE document (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
  `
  CREATE TABLE user (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    party TEXT,
    password_hash TEXT NOT NULL,
    is_admin INTEGER NOT NULL DEFAULT 0,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
  );
  CREATE TABLE user_group (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('forvaltning', 'namnd', 'parti')),
    party TEXT
  );
  CREATE TABLE group_member (
    group_id TEXT NOT NULL REFERENCES user_group(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES user(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
  );
  CREATE TABLE session (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES user(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX session_by_user ON session(user_id);
  CREATE TABLE document_access (
    document_id TEXT NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    principal_type TEXT NOT NULL CHECK (principal_type IN ('user', 'group')),
    principal_id TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'commenter', 'reader')),
    PRIMARY KEY (document_id, principal_type, principal_id)
  );
  CREATE INDEX document_access_by_principal ON document_access(principal_type, principal_id);
  ALTER TABLE document ADD COLUMN created_by TEXT;
  -- A party group's draft (särskilt yttrande, reservation) is visible only to that group and
  -- named co-signers until it is handed in; then this is NULL.
  ALTER TABLE document ADD COLUMN private_to_group TEXT REFERENCES user_group(id);
  CREATE TABLE audit_event (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id TEXT NOT NULL,
    at TEXT NOT NULL,
    user_id TEXT,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX audit_by_document ON audit_event(document_id, id);
  `,
  `
  CREATE TABLE arende (
    id TEXT PRIMARY KEY,
    diarienummer TEXT NOT NULL UNIQUE,
    arendemening TEXT NOT NULL,
    namnd TEXT NOT NULL DEFAULT '',
    handlaggare TEXT,
    beslutsplanering TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL
  );
  ALTER TABLE document ADD COLUMN arende_id TEXT REFERENCES arende(id);
  CREATE TABLE document_link (
    main_id TEXT NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    bilaga_id TEXT NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    PRIMARY KEY (main_id, bilaga_id)
  );
  CREATE INDEX document_link_by_bilaga ON document_link(bilaga_id);
  CREATE TABLE status_transition (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id TEXT NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    user_id TEXT,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    reason TEXT
  );
  CREATE TABLE document_version (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT,
    -- The document's Yjs state at that moment, deflated (see server/versions/versionService.ts).
    state BLOB NOT NULL
  );
  CREATE INDEX document_version_by_document ON document_version(document_id, created_at);
  `,
  `
  -- Audit events about something other than one document (a group's members, a user's rights,
  -- an ärende) carry a subject such as 'group:<id>'; document_id is '' for them. A document's log
  -- shows the events of the subjects that decide who may read it.
  ALTER TABLE audit_event ADD COLUMN subject TEXT;
  CREATE INDEX audit_by_subject ON audit_event(subject, id);
  -- Who registered the ärende: they may change it, beside its handläggare and administrators.
  ALTER TABLE arende ADD COLUMN created_by TEXT;
  -- The party group a bilaga was filed for (kept after hand-in, when private_to_group is cleared),
  -- and signatories the server itself wrote (demo, import), as JSON: only these people reach the
  -- main document's closing lines.
  ALTER TABLE document_link ADD COLUMN party_group TEXT;
  ALTER TABLE document_link ADD COLUMN attested_signers TEXT;
  -- Quotas count a user's recently created documents.
  CREATE INDEX document_by_creator ON document(created_by, created_at);
  `,
  `
  -- Co-signers of a bilaga from another party group are invited, and named only once they confirm
  -- (state: inbjuden, bekraftad, avbojd).
  CREATE TABLE bilaga_cosigner (
    bilaga_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('inbjuden', 'bekraftad', 'avbojd')),
    invited_by TEXT NOT NULL,
    invited_at TEXT NOT NULL,
    answered_at TEXT,
    PRIMARY KEY (bilaga_id, user_id)
  ) WITHOUT ROWID;
  CREATE INDEX bilaga_cosigner_by_user ON bilaga_cosigner(user_id);
  `,
  `
  -- Who made a version: origin 'manuell' (a person saved it), 'statusbyte' (a status change;
  -- origin_detail "<from>→<to>") or 'aterstallning' (what a restore replaced; origin_detail the
  -- version restored to), and the author's name as it was then.
  ALTER TABLE document_version ADD COLUMN origin TEXT NOT NULL DEFAULT 'manuell'
    CHECK (origin IN ('manuell', 'statusbyte', 'aterstallning'));
  ALTER TABLE document_version ADD COLUMN origin_detail TEXT;
  ALTER TABLE document_version ADD COLUMN author_name TEXT;
  UPDATE document_version SET origin = 'statusbyte' WHERE name LIKE 'Status: %';
  UPDATE document_version SET origin = 'aterstallning' WHERE name LIKE 'Före återställning till %';
  -- Names are unique per document from here on (trimmed, case-folded, in versionNameKey). Older
  -- versions keep a NULL key: history is not renamed, the service checks new names against them.
  ALTER TABLE document_version ADD COLUMN name_key TEXT;
  CREATE UNIQUE INDEX document_version_name ON document_version(document_id, name_key) WHERE name_key IS NOT NULL;
  `,
  `
  -- A password an administrator (or the recovery command) handed out is used once: its holder
  -- must choose their own before doing anything else.
  ALTER TABLE user ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
  `,
  `
  -- What confirming an invitation to co-sign granted, so that declining takes back only that:
  -- access_added 1 when the confirmation gave the invitee editor on the bilaga, role_before the
  -- role they held on it before (NULL for none), which declining restores; signed_name the name
  -- the confirmation wrote into the bilaga's undertecknare, the one entry declining removes.
  ALTER TABLE bilaga_cosigner ADD COLUMN access_added INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE bilaga_cosigner ADD COLUMN role_before TEXT;
  ALTER TABLE bilaga_cosigner ADD COLUMN signed_name TEXT;
  `,
  `
  -- Template packs (shared/model/templatePack.ts): every saved version of an organisation's pack,
  -- never changed once written, and which pack new documents are made from. A document records
  -- the pack version it was made from; documents from before packs were made from Malmö's first.
  CREATE TABLE template_pack_version (
    pack_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    definition TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT,
    PRIMARY KEY (pack_id, version)
  ) WITHOUT ROWID;
  CREATE TABLE organisation_setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;
  ALTER TABLE document ADD COLUMN template_pack TEXT NOT NULL DEFAULT 'malmo';
  ALTER TABLE document ADD COLUMN template_version INTEGER NOT NULL DEFAULT 1;
  `,
  `
  -- The role suggester ("Föreslå ändringar", issue 15) between commenter and editor. SQLite
  -- cannot change a CHECK constraint, so the access table is rebuilt with the same rows.
  CREATE TABLE document_access_new (
    document_id TEXT NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    principal_type TEXT NOT NULL CHECK (principal_type IN ('user', 'group')),
    principal_id TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'suggester', 'commenter', 'reader')),
    PRIMARY KEY (document_id, principal_type, principal_id)
  );
  INSERT INTO document_access_new (document_id, principal_type, principal_id, role)
    SELECT document_id, principal_type, principal_id, role FROM document_access;
  DROP TABLE document_access;
  ALTER TABLE document_access_new RENAME TO document_access;
  CREATE INDEX document_access_by_principal ON document_access(principal_type, principal_id);
  `,
  `
  -- The roles of a nämnd (issue 16). A nämndsekreterare is an account flag like the
  -- administrator's (why: server/auth/accountService.ts); a session expires after an idle time
  -- counted from its last use (NULL: never used since sign-in, created_at counts); a withdrawn
  -- särskilt yttrande or reservation stays linked to its main document but is no longer announced.
  ALTER TABLE user ADD COLUMN is_namndsekreterare INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE session ADD COLUMN last_used_at TEXT;
  ALTER TABLE document_link ADD COLUMN withdrawn_at TEXT;
  `,
  `
  -- Sign-in through the organisation's identity provider (OpenID Connect, SAML; issue 16). A
  -- person is their provider's issuer and subject, never their e-mail, which can change hands.
  CREATE TABLE user_identity (
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES user(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_sign_in_at TEXT NOT NULL,
    PRIMARY KEY (issuer, subject)
  ) WITHOUT ROWID;
  CREATE INDEX user_identity_by_user ON user_identity(user_id);
  -- Between the redirect to the provider and its answer: state, nonce and PKCE verifier (OIDC) or
  -- the request id (SAML), under a key only the browser that started holds; used once.
  CREATE TABLE external_signin_pending (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    expires_at TEXT NOT NULL
  ) WITHOUT ROWID;
  -- SAML assertions already used, kept until they expire: a replayed one is refused.
  CREATE TABLE saml_used_assertion (
    issuer TEXT NOT NULL,
    assertion_id TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    PRIMARY KEY (issuer, assertion_id)
  ) WITHOUT ROWID;
  `,
  `
  -- Deleting and archiving (issue 19): a document in the wastebasket since deleted_at, purged
  -- after the configured days; an archived one read-only since archived_at.
  ALTER TABLE document ADD COLUMN deleted_at TEXT;
  ALTER TABLE document ADD COLUMN archived_at TEXT;
  CREATE INDEX document_deleted ON document(deleted_at) WHERE deleted_at IS NOT NULL;
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
