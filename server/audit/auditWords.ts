/**
 * The audit log in words (issue 16): each event as a Swedish sentence, with sections, fields and
 * document types named as the document's own template pack version writes them, never by key.
 * The log dialog shows these sentences with who and when, in time order.
 */
import { documentTypeLabel, isDocumentStatus, statusLabel, type DocumentType, type TemplateRef } from '../../shared/model';
import type { AuditEvent } from '../storage/storage';
import { FIELD_PREFIX } from './auditLog';

const ACTIONS: Record<string, string> = {
  created: 'skapade dokumentet',
  opened: 'öppnade dokumentet',
  access_changed: 'ändrade delningen',
  version_created: 'sparade en version',
  version_restored: 'återställde en tidigare version',
  handed_in: 'lämnade in dokumentet',
  bilaga_created: 'skapade en bilaga',
  bilaga_withdrawn: 'återkallade en bilaga',
  cosigner_confirmed: 'bekräftade att hen undertecknar bilagan',
  cosigner_declined: 'avböjde att underteckna bilagan',
  imported: 'importerade dokumentet',
  exported: 'exporterade dokumentet',
  group_created: 'skapade en grupp',
  user_created: 'skapade ett konto',
  password_reset: 'återställde ett lösenord',
  arende_registered: 'registrerade ärendet',
  arende_set: 'flyttade dokumentet till ett annat ärende',
  document_attached: 'lade ett dokument i ärendet',
  document_detached: 'tog ett dokument ur ärendet',
  template_migrated: 'flyttade dokumentet till en nyare mallversion',
};

const ROLE_WORDS: Record<string, string> = {
  owner: 'ägare',
  editor: 'redaktör',
  suggester: 'förslagsställare',
  commenter: 'kommentator',
  reader: 'läsare',
};

const ACCOUNT_FIELDS: Record<string, string> = {
  isAdmin: 'administratör',
  isNamndsekreterare: 'nämndsekreterare',
  disabled: 'avstängd',
  name: 'namn',
  title: 'titel',
  party: 'parti',
  email: 'e-post',
};

const ARENDE_FIELDS: Record<string, string> = {
  diarienummer: 'diarienummer',
  arendemening: 'ärendemening',
  namnd: 'nämnd',
  handlaggare: 'handläggare',
  beslutsplanering: 'beslutsplanering',
};

/** What the words of one document's log are read through: its type in its own pack version. */
export interface AuditWordsContext {
  documentType?: DocumentType;
  template?: TemplateRef;
}

function shown(value: unknown): string {
  if (value === true) return 'ja';
  if (value === false) return 'nej';
  if (value === null || value === undefined || value === '') return '–';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function status(value: unknown): string {
  return isDocumentStatus(value) ? statusLabel(value).toLocaleLowerCase('sv') : shown(value);
}

/** "Sammanfattning", "fältet Diarienummer", "rubriken": a place an edit touched, as the template names it. */
function placeName(place: string, type: DocumentType | undefined): string {
  if (place === 'titel') return 'rubriken';
  if (place === 'rubrikfält') return 'rubrikfälten';
  if (place.startsWith(FIELD_PREFIX)) {
    const key = place.slice(FIELD_PREFIX.length);
    return `fältet ${type?.fields.find((field) => field.key === key)?.label ?? key}`;
  }
  return type?.sections.find((section) => section.key === place)?.title ?? place;
}

const SUGGESTION_VERBS: Record<string, string> = { accepted: 'godtog', rejected: 'avvisade', withdrawn: 'tog tillbaka' };
const SUGGESTION_KINDS: Record<string, string> = {
  insertion: 'förslag att infoga',
  deletion: 'förslag att ta bort',
  formatChange: 'förslag om formatering',
};

/** "Kerstins", "Lars": a name in the genitive. */
function genitive(name: string): string {
  return /[sxz]$/i.test(name) ? name : `${name}s`;
}

function list(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} och ${words[words.length - 1]}`;
}

/**
 * What became of a document's own beslutsplanering when its ärende took it over (issue 19):
 * "; 2 sammanträden lades till i ärendet; behölls som text: ”Ev. extra sammanträde i maj”".
 */
function takeoverWords(reports: unknown[]): string {
  const added = reports.flatMap((report) => ((report as { added?: unknown[] })?.added ?? []) as unknown[]);
  const kept = reports.flatMap((report) => ((report as { kept?: unknown[] })?.kept ?? []) as unknown[]);
  const parts = [
    added.length > 0 ? `${added.length === 1 ? 'ett sammanträde' : `${added.length} sammanträden`} lades till i ärendet` : '',
    kept.length > 0 ? `behölls som text: ${kept.map((line) => `”${shown(line)}”`).join(', ')}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? ` (beslutsplaneringen: ${parts.join('; ')})` : '';
}

/** One event as a sentence that follows the person's name: "ändrade Sammanfattning och fältet Datum". */
export function describeAuditEvent(event: AuditEvent, context: AuditWordsContext = {}): string {
  const { detail } = event;
  const type = context.documentType;
  switch (event.action) {
    case 'edited': {
      const places = Array.isArray(detail.sections) ? (detail.sections as unknown[]).filter((place) => typeof place === 'string') : [];
      const named = (places as string[]).filter((place) => place !== '').map((place) => placeName(place, type));
      return named.length > 0 ? `ändrade ${list(named)}` : 'ändrade dokumentet';
    }
    case 'created':
      return typeof detail.type === 'string'
        ? `skapade dokumentet (${documentTypeLabel({ type: detail.type, template: context.template }).toLocaleLowerCase('sv')})`
        : ACTIONS.created!;
    case 'status_changed':
      return `ändrade status från ${status(detail.from)} till ${status(detail.to)}${
        detail.override ? ` (undantag: ${shown(detail.override)})` : ''
      }`;
    case 'reopened':
      return `öppnade det justerade dokumentet igen (${status(detail.to)}): ${shown(detail.reason)}`;
    case 'version_created':
      return `sparade versionen ”${shown(detail.name)}”`;
    case 'exported':
      return `exporterade dokumentet som ${shown(detail.format).toUpperCase()}${detail.version ? ' (en sparad version)' : ''}`;
    case 'cosigner_invited':
      return `bjöd in ${shown(detail.cosignerName)} att underteckna`;
    case 'member_added':
      return `lade till ${shown(detail.memberName)} i ${shown(detail.groupName)}`;
    case 'member_removed':
      return `tog bort ${shown(detail.memberName)} ur ${shown(detail.groupName)}`;
    case 'user_changed': {
      const after = (detail.after ?? {}) as Record<string, unknown>;
      const changes = Object.entries(after).map(([key, value]) => `${ACCOUNT_FIELDS[key] ?? key}: ${shown(value)}`);
      return `ändrade kontot för ${shown(detail.name)} (${changes.join(', ')})`;
    }
    case 'document_attached':
      return `${ACTIONS.document_attached}${detail.beslutsplanering ? takeoverWords([detail.beslutsplanering]) : ''}`;
    case 'beslutsplanering_migrated':
      return `förde över dokumentens beslutsplanering till ärendet${takeoverWords(Array.isArray(detail.documents) ? detail.documents : [])}`;
    case 'arende_changed': {
      const after = (detail.after ?? {}) as Record<string, unknown>;
      return `ändrade ärendets ${list(Object.keys(after).map((key) => ARENDE_FIELDS[key] ?? key))}`;
    }
    case 'access_changed': {
      const entries = Array.isArray(detail.after) ? (detail.after as Array<{ role?: unknown }>) : [];
      const roles = [...new Set(entries.map((entry) => ROLE_WORDS[String(entry.role)] ?? String(entry.role)))];
      return roles.length > 0 ? `ändrade delningen (${roles.join(', ')})` : ACTIONS.access_changed!;
    }
    case 'suggestion_accepted':
    case 'suggestion_rejected':
    case 'suggestion_withdrawn': {
      const resolution = event.action.slice('suggestion_'.length);
      const whose = resolution === 'withdrawn' ? 'sitt' : genitive(shown(detail.authorName));
      const text = typeof detail.text === 'string' && detail.text ? ` ”${detail.text}”` : '';
      const where = typeof detail.section === 'string' && detail.section ? ` i ${placeName(detail.section, type)}` : '';
      return `${SUGGESTION_VERBS[resolution]} ${whose} ${SUGGESTION_KINDS[String(detail.kind)] ?? 'förslag'}${text}${where}`;
    }
    default:
      return ACTIONS[event.action] ?? event.action;
  }
}
