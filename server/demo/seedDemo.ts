import type { DocumentService } from '../documents/documentService';
import type { Logger } from '../log';

export async function seedDemoDocuments(documents: DocumentService, log: Logger): Promise<void> {
  if ((await documents.list()).length > 0) return;
  log.info('demo documents are added once the importer is in place');
}
