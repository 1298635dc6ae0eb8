/**
 * The organisation's template packs: which one new documents are made from, and every saved
 * version of each. Versions are immutable: saving a change makes the next version, so documents
 * made from an earlier one keep their structure (templateMigration.ts moves one on request).
 * Every version, stored or shipped, is in the process's registry, which the guards, exports and
 * imports read synchronously. Which versions exist is this service's own knowledge, from its
 * store: a process runs one server, but the tests run several in turn, each with its own database.
 */
import type { TemplatePack, TemplateRef } from '../../shared/model';
import { BUILT_IN_PACKS, DEFAULT_TEMPLATE_PACK_ID } from '../../shared/model/templatePacks';
import type { TemplateRegistry } from '../../shared/model/templateRegistry';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { Logger } from '../log';
import type { TemplateStore } from '../storage/storage';
import { parseTemplatePack } from './templatePackSchema';

const ACTIVE_PACK_SETTING = 'activeTemplatePack';

export interface TemplateSummary {
  id: string;
  name: string;
  version: number;
  active: boolean;
  builtIn: boolean;
}

export class TemplateService {
  private activeId = DEFAULT_TEMPLATE_PACK_ID;
  /** The newest version of each pack in this organisation's store (the shipped ones start at 1). */
  private readonly newestVersion = new Map<string, number>(BUILT_IN_PACKS.map((pack) => [pack.id, pack.version]));

  constructor(
    private readonly store: TemplateStore,
    private readonly registry: TemplateRegistry,
    private readonly log?: Logger,
  ) {}

  /**
   * Reads every stored version into the registry. A stored version that no longer passes the
   * schema (written by a newer Yttra, or edited by hand) is left out with a warning: documents
   * made from it open with the pack's newest valid version instead of stopping the server.
   */
  async load(): Promise<void> {
    for (const pack of BUILT_IN_PACKS) this.registry.add(pack);
    for (const stored of await this.store.versions()) {
      try {
        const pack = parseTemplatePack(JSON.parse(stored.definition));
        this.registry.add(pack);
        this.newestVersion.set(pack.id, Math.max(pack.version, this.newestVersion.get(pack.id) ?? 0));
      } catch (error) {
        this.log?.warn(
          { pack: stored.packId, version: stored.version, err: error },
          'stored template version left out: it does not pass the schema',
        );
      }
    }
    const active = await this.store.setting(ACTIVE_PACK_SETTING);
    if (active && this.newestVersion.has(active)) this.activeId = active;
  }

  /** The newest version of a pack, or undefined for a pack this organisation does not have. */
  newest(packId: string): TemplatePack | undefined {
    const version = this.newestVersion.get(packId);
    return version === undefined ? undefined : this.registry.pack({ pack: packId, version });
  }

  /** The pack version new documents are made from: the active pack's newest. */
  active(): TemplatePack {
    return this.newest(this.activeId) ?? this.registry.pack(undefined);
  }

  activeRef(): TemplateRef {
    const pack = this.active();
    return { pack: pack.id, version: pack.version };
  }

  list(): TemplateSummary[] {
    const builtIn = new Set(BUILT_IN_PACKS.map((pack) => pack.id));
    return [...this.newestVersion.keys()]
      .map((id) => this.newest(id)!)
      .map((pack) => ({
        id: pack.id,
        name: pack.name,
        version: pack.version,
        active: pack.id === this.activeId,
        builtIn: builtIn.has(pack.id),
      }));
  }

  /** One version exactly as saved; 404 for a version that does not exist. */
  version(ref: TemplateRef): TemplatePack {
    const known = ref.version <= (this.newestVersion.get(ref.pack) ?? 0);
    const pack = known ? this.registry.definition(ref) : undefined;
    if (!pack) throw new NotFoundError('Den mallversionen finns inte.');
    return pack;
  }

  async setActive(packId: string): Promise<TemplatePack> {
    const pack = this.newest(packId);
    if (!pack) throw new NotFoundError('Det finns ingen sådan mall.');
    await this.store.setSetting(ACTIVE_PACK_SETTING, packId);
    this.activeId = packId;
    return pack;
  }

  /**
   * Saves a changed pack as its next version (or a new pack as version 1). The caller says which
   * version the change was made from, so that two administrators saving at once do not silently
   * overwrite each other: the second is told to reload.
   */
  async save(input: unknown, basedOn: number | null, createdBy: string): Promise<TemplatePack> {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ValidationError('Mallen ska vara ett objekt.');
    const id = (input as { id?: unknown }).id;
    const current = typeof id === 'string' ? this.newest(id) : undefined;
    if ((current?.version ?? null) !== basedOn) {
      throw new ConflictError('Mallen har ändrats av någon annan sedan du öppnade den. Läs in sidan på nytt och gör ändringen igen.');
    }
    const pack = parseTemplatePack({ ...input, version: (current?.version ?? 0) + 1 });
    const outcome = await this.store.saveVersion({
      packId: pack.id,
      version: pack.version,
      definition: JSON.stringify(pack),
      createdAt: new Date().toISOString(),
      createdBy,
    });
    if (outcome === 'exists') {
      throw new ConflictError('Mallen har ändrats av någon annan sedan du öppnade den. Läs in sidan på nytt och gör ändringen igen.');
    }
    this.registry.add(pack);
    this.newestVersion.set(pack.id, pack.version);
    return pack;
  }
}
