/**
 * Documents put in an ärende before the ärende's meetings were the single source (issue 19) still
 * hold a beslutsplanering of their own, and their ärende may list no meetings at all. Once per
 * ärende, at start, in the background: its documents are taken over (SectionsFromArende), so the
 * meetings they list become the ärende's and what is no meeting is kept as text; what was done is
 * written to the ärende's audit log, which is also how a later start knows it is done.
 */
import type { AuditLog } from '../audit/auditLog';
import { auditSubject } from '../audit/auditLog';
import type { Logger } from '../log';
import type { Storage } from '../storage/storage';
import type { SectionsSync } from './sectionsFromArende';

export const MIGRATED_ACTION = 'beslutsplanering_migrated';

export interface MigrationDeps {
  storage: Pick<Storage, 'workflow'>;
  arenden: { takeOverDocuments(arendeId: string): Promise<SectionsSync> };
  audit: Pick<AuditLog, 'list' | 'recordAbout'>;
  log: Logger;
}

/** Runs the migration for every ärende not yet migrated; one failing ärende does not stop the others. */
export async function migrateBeslutsplanering(deps: MigrationDeps): Promise<void> {
  for (const arende of await deps.storage.workflow.arenden()) {
    const subject = auditSubject.arende(arende.id);
    try {
      const events = await deps.audit.list('', [subject]);
      if (events.some((event) => event.action === MIGRATED_ACTION)) continue;
      // A document that could not be read now is taken over when its room next loads (SectionsFromArende.roomLoaded).
      const { takeovers, notUpdated } = await deps.arenden.takeOverDocuments(arende.id);
      const reports = [...takeovers].filter(([, report]) => report.added.length > 0 || report.kept.length > 0);
      await deps.audit.recordAbout(subject, {
        userId: null,
        action: MIGRATED_ACTION,
        detail: {
          documents: reports.map(([documentId, report]) => ({ documentId, ...report })),
          ...(notUpdated.length > 0 ? { notUpdated: notUpdated.map((document) => document.id) } : {}),
        },
      });
      const kept = reports.flatMap(([, report]) => report.kept);
      if (kept.length > 0)
        deps.log.warn({ arende: arende.diarienummer, kept }, 'beslutsplanering lines that name no meeting were kept as text');
    } catch (error) {
      deps.log.error({ err: error, arende: arende.diarienummer }, 'could not migrate the beslutsplanering of an ärende');
    }
  }
}
