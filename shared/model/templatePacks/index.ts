/** The packs Yttra ships: each organisation starts from one and adjusts it in the admin page. */
import type { TemplatePack } from '../templatePack';
import { ALLMAN_PACK } from './allman';
import { MALMO_PACK } from './malmo';
import { STOCKHOLM_PACK } from './stockholm';

export const DEFAULT_TEMPLATE_PACK_ID = MALMO_PACK.id;

export const BUILT_IN_PACKS: readonly TemplatePack[] = [MALMO_PACK, STOCKHOLM_PACK, ALLMAN_PACK];
