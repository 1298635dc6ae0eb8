/**
 * The rows both backends read, and how a row becomes a record. SQLite and PostgreSQL have the
 * same columns under the same names (schemaParity.test.ts keeps them so); the one difference is
 * that SQLite answers a flag as 0 or 1 and PostgreSQL as false or true, which `flag` reads alike.
 */
import type { NotificationKind, NotificationRecord } from '../notifications/notificationStore';
import type { ArendeRecord, DocumentRecord, UserRecord } from './storage';

type Flag = boolean | number;

const flag = (value: Flag): boolean => value === true || value === 1;

export interface DocumentRow {
  id: string;
  type: string;
  title: string;
  status: string;
  created_at: string;
  updated_at: string;
  created_by: string | null;
  private_to_group: string | null;
  arende_id: string | null;
  template_pack: string;
  template_version: number;
  deleted_at: string | null;
  archived_at: string | null;
}

export function documentFromRow(row: DocumentRow): DocumentRecord {
  return {
    id: row.id,
    type: row.type as DocumentRecord['type'],
    title: row.title,
    status: row.status as DocumentRecord['status'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
    privateToGroup: row.private_to_group,
    arendeId: row.arende_id,
    template: { pack: row.template_pack, version: row.template_version },
    deletedAt: row.deleted_at,
    archivedAt: row.archived_at,
  };
}

export interface UserRow {
  id: string;
  email: string;
  name: string;
  title: string;
  party: string | null;
  password_hash: string;
  is_admin: Flag;
  disabled: Flag;
  must_change_password: Flag;
  is_namndsekreterare: Flag;
  created_at: string;
}

export function userFromRow(row: UserRow): UserRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    title: row.title,
    party: row.party,
    isAdmin: flag(row.is_admin),
    disabled: flag(row.disabled),
    mustChangePassword: flag(row.must_change_password),
    isNamndsekreterare: flag(row.is_namndsekreterare),
    createdAt: row.created_at,
  };
}

export interface ArendeRow {
  id: string;
  diarienummer: string;
  arendemening: string;
  namnd: string;
  handlaggare: string | null;
  /** The meetings as JSON. */
  beslutsplanering: string;
  created_at: string;
  created_by: string | null;
}

export function arendeFromRow(row: ArendeRow): ArendeRecord {
  return {
    id: row.id,
    diarienummer: row.diarienummer,
    arendemening: row.arendemening,
    namnd: row.namnd,
    handlaggare: row.handlaggare,
    beslutsplanering: JSON.parse(row.beslutsplanering) as ArendeRecord['beslutsplanering'],
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

export interface NotificationRow {
  id: string;
  user_id: string;
  kind: string;
  document_id: string;
  thread_id: string | null;
  actor_id: string | null;
  actor_name: string | null;
  text: string;
  created_at: string;
  read_at: string | null;
  mailed_at: string | null;
}

export function notificationFromRow(row: NotificationRow): NotificationRecord {
  return {
    id: row.id,
    userId: row.user_id,
    kind: row.kind as NotificationKind,
    documentId: row.document_id,
    threadId: row.thread_id,
    actorId: row.actor_id,
    actorName: row.actor_name,
    text: row.text,
    createdAt: row.created_at,
    readAt: row.read_at,
    mailedAt: row.mailed_at,
  };
}
