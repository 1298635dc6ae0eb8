/**
 * The administrator's part of the template packs: which pack new documents are made from, and
 * the organisation's own names, required flags, diarienummer formats and letterhead. Saving makes
 * the pack's next version; documents made earlier keep theirs until an editor moves them.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { DIARIENUMMER_FORMATS, type TemplatePack } from '../../shared/model';
import { api, ApiError } from '../app/api';
import type { ActiveTemplates } from '../app/templates';

const MAX_LOGO_BYTES = 256 * 1024;

function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error('Filen kunde inte läsas.'));
    reader.readAsDataURL(file);
  });
}

export function TemplateAdmin() {
  const [overview, setOverview] = useState<ActiveTemplates | null>(null);
  const [packId, setPackId] = useState<string>('');
  const [draft, setDraft] = useState<TemplatePack | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = async (select?: string) => {
    const result = await api<ActiveTemplates>('GET', '/api/templates');
    setOverview(result);
    setPackId(select ?? result.active.pack);
  };

  useEffect(() => {
    void reload().catch(() => setError('Mallarna kunde inte hämtas.'));
  }, []);

  useEffect(() => {
    const summary = overview?.packs.find((pack) => pack.id === packId);
    if (!summary) return;
    setDraft(null);
    api<{ template: TemplatePack }>('GET', `/api/templates/${packId}/versions/${summary.version}`).then(
      ({ template }) => setDraft(template),
      () => setError('Mallen kunde inte hämtas.'),
    );
  }, [packId, overview]);

  const fail = (caught: unknown, fallback: string) => setError(caught instanceof ApiError ? caught.message : fallback);

  const activate = async () => {
    setError(null);
    setMessage(null);
    try {
      await api('PUT', '/api/templates/active', { packId });
      await reload(packId);
      setMessage('Nya dokument görs från den här mallen. Befintliga dokument behåller sin.');
    } catch (caught) {
      fail(caught, 'Mallen kunde inte väljas.');
    }
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    setError(null);
    setMessage(null);
    try {
      const { template } = await api<{ template: TemplatePack }>('POST', '/api/templates', { template: draft, basedOn: draft.version });
      await reload(template.id);
      setMessage(
        `Sparat som version ${template.version}. Nya dokument görs från den; befintliga behåller sin version tills en redaktör flyttar dem.`,
      );
    } catch (caught) {
      fail(caught, 'Mallen kunde inte sparas.');
    }
  };

  const setLogo = async (file: File | undefined) => {
    if (!draft || !file) return;
    if (file.type !== 'image/png' && file.type !== 'image/jpeg') return setError('Logotypen ska vara en PNG- eller JPEG-bild.');
    if (file.size > MAX_LOGO_BYTES) return setError('Logotypen får vara högst 256 kB. Välj en mindre bild.');
    const data = await readAsBase64(file);
    setDraft({ ...draft, letterhead: { ...draft.letterhead, logo: { mediaType: file.type, data } } });
  };

  /** A copy of the draft with one document type changed. */
  const updateType = (index: number, change: (type: TemplatePack['documentTypes'][number]) => TemplatePack['documentTypes'][number]) => {
    if (!draft) return;
    setDraft({ ...draft, documentTypes: draft.documentTypes.map((type, position) => (position === index ? change(type) : type)) });
  };

  const formats = draft?.diarienummerFormats;

  return (
    <section aria-labelledby="templates-heading" className="template-admin">
      <h2 id="templates-heading">Mallar</h2>
      <p>
        Mallen bestämmer dokumenttypernas och avsnittens namn, vad som är obligatoriskt, vilka diarienummer som godtas och brevhuvudet vid
        export.
      </p>
      {overview && (
        <div className="inline-form">
          <label htmlFor="template-pack">Mall</label>
          <select id="template-pack" value={packId} onChange={(event) => setPackId(event.target.value)}>
            {overview.packs.map((pack) => (
              <option key={pack.id} value={pack.id}>
                {pack.name} (version {pack.version}){pack.active ? ' – används' : ''}
              </option>
            ))}
          </select>
          {overview.active.pack !== packId && (
            <button type="button" onClick={() => void activate()}>
              Använd för nya dokument
            </button>
          )}
        </div>
      )}
      {message && <p role="status">{message}</p>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {draft && (
        <form onSubmit={(event) => void save(event)} aria-label={`Ändra mallen ${draft.name}`}>
          <fieldset>
            <legend>Brevhuvud</legend>
            <label>
              Organisation
              <input
                value={draft.letterhead.organisation}
                onChange={(event) => setDraft({ ...draft, letterhead: { ...draft.letterhead, organisation: event.target.value } })}
              />
            </label>
            <label>
              Förvaltning
              <input
                value={draft.letterhead.forvaltning ?? ''}
                onChange={(event) =>
                  setDraft({ ...draft, letterhead: { ...draft.letterhead, forvaltning: event.target.value || undefined } })
                }
              />
            </label>
            <label>
              Logotyp (PNG eller JPEG, högst 256 kB)
              <input type="file" accept="image/png,image/jpeg" onChange={(event) => void setLogo(event.target.files?.[0])} />
            </label>
            {draft.letterhead.logo && (
              <p>
                <img
                  className="template-logo"
                  alt="Nuvarande logotyp"
                  src={`data:${draft.letterhead.logo.mediaType};base64,${draft.letterhead.logo.data}`}
                />
                <button
                  type="button"
                  className="secondary"
                  onClick={() => setDraft({ ...draft, letterhead: { ...draft.letterhead, logo: undefined } })}
                >
                  Ta bort logotypen
                </button>
              </p>
            )}
          </fieldset>
          <fieldset>
            <legend>Diarienummer som godtas</legend>
            <p>Inget valt betyder att alla format godtas.</p>
            {DIARIENUMMER_FORMATS.map((format) => (
              <label key={format.key} className="checkbox">
                <input
                  type="checkbox"
                  checked={formats?.includes(format.key) ?? false}
                  onChange={(event) => {
                    const next = (formats ?? []).filter((key) => key !== format.key);
                    if (event.target.checked) next.push(format.key);
                    setDraft({ ...draft, diarienummerFormats: next.length > 0 ? next : undefined });
                  }}
                />
                {format.description}, t.ex. {format.examples[0]}
              </label>
            ))}
          </fieldset>
          {draft.documentTypes.map((type, typeIndex) => (
            <fieldset key={type.key}>
              <legend>{type.label}</legend>
              <label>
                Dokumenttypens namn
                <input
                  value={type.label}
                  onChange={(event) => updateType(typeIndex, (current) => ({ ...current, label: event.target.value }))}
                />
              </label>
              <table className="template-parts">
                <caption>Avsnitt</caption>
                <thead>
                  <tr>
                    <th scope="col">Rubrik</th>
                    <th scope="col">Obligatoriskt</th>
                  </tr>
                </thead>
                <tbody>
                  {type.sections.map((section, sectionIndex) => (
                    <tr key={section.key}>
                      <td>
                        <input
                          aria-label={`Rubrik för avsnittet ${section.title} i ${type.label}`}
                          value={section.title}
                          onChange={(event) =>
                            updateType(typeIndex, (current) => ({
                              ...current,
                              sections: current.sections.map((spec, index) =>
                                index === sectionIndex ? { ...spec, title: event.target.value } : spec,
                              ),
                            }))
                          }
                        />
                      </td>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`${section.title} i ${type.label} är obligatoriskt`}
                          checked={section.required}
                          onChange={(event) =>
                            updateType(typeIndex, (current) => ({
                              ...current,
                              sections: current.sections.map((spec, index) =>
                                index === sectionIndex ? { ...spec, required: event.target.checked } : spec,
                              ),
                            }))
                          }
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <table className="template-parts">
                <caption>Fält</caption>
                <thead>
                  <tr>
                    <th scope="col">Namn</th>
                    <th scope="col">Obligatoriskt</th>
                  </tr>
                </thead>
                <tbody>
                  {type.fields.map((field, fieldIndex) => (
                    <tr key={field.key}>
                      <td>
                        <input
                          aria-label={`Namn på fältet ${field.label} i ${type.label}`}
                          value={field.label}
                          onChange={(event) =>
                            updateType(typeIndex, (current) => ({
                              ...current,
                              fields: current.fields.map((spec, index) =>
                                index === fieldIndex ? { ...spec, label: event.target.value } : spec,
                              ),
                            }))
                          }
                        />
                      </td>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`${field.label} i ${type.label} är obligatoriskt`}
                          checked={field.required}
                          onChange={(event) =>
                            updateType(typeIndex, (current) => ({
                              ...current,
                              fields: current.fields.map((spec, index) =>
                                index === fieldIndex ? { ...spec, required: event.target.checked } : spec,
                              ),
                            }))
                          }
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </fieldset>
          ))}
          <button type="submit">Spara som ny version</button>
        </form>
      )}
    </section>
  );
}
