/**
 * What Ctrl+P adds to the page: the organisation's letterhead, the document's heading and its
 * signatures laid out as the export lays them out (the same `documentLayout`, read through the
 * document's own template pack version), shown only in print. The sections print
 * from the editor itself; the print stylesheet hides everything that is not the document
 * (toolbar, panels, comment and search highlights, "(obligatoriskt)", hints, other carets).
 */
import type { DocumentType, FieldValue, TemplateRef } from '../../shared/model';
import { documentLayout, logoDescription, type LayoutField } from '../../shared/doc/documentLayout';

interface Props {
  type: DocumentType;
  /** The pack version the document was made from: its labels and letterhead. */
  template: TemplateRef;
  title: string;
  fields: Record<string, FieldValue>;
  closingLines: readonly string[];
}

function FieldList({ fields, className }: { fields: readonly LayoutField[]; className: string }) {
  if (fields.length === 0) return null;
  return (
    <dl className={className}>
      {fields.map((field) => (
        <div key={field.label}>
          <dt>{field.label}</dt>
          {field.lines.map((line, index) => (
            <dd key={index}>{line}</dd>
          ))}
        </div>
      ))}
    </dl>
  );
}

function layoutOf({ type, template, title, fields }: Props) {
  return documentLayout({ type: type.key, template, title, status: 'utkast', fields, sections: [] });
}

export function PrintHeading(props: Props) {
  const layout = layoutOf(props);
  return (
    <div className="print-only print-heading">
      <div className="print-letterhead">
        {layout.letterhead.logo && (
          <img
            className="print-logo"
            src={`data:${layout.letterhead.logo.mediaType};base64,${layout.letterhead.logo.data}`}
            alt={logoDescription(layout.letterhead.organisation)}
          />
        )}
        <p className="print-organisation">{layout.letterhead.organisation}</p>
        {layout.letterhead.forvaltning && <p>{layout.letterhead.forvaltning}</p>}
      </div>
      <FieldList fields={layout.header} className="print-fields" />
      <p className="print-document-type">{layout.typeLabel}</p>
      <FieldList fields={layout.addressee} className="print-fields" />
      <p className="print-title">
        {layout.title}
        {layout.titleDiarienummer && <span className="print-diarienummer">{layout.titleDiarienummer}</span>}
      </p>
      {layout.opening && <p>{layout.opening}</p>}
    </div>
  );
}

export function PrintFooter(props: Props) {
  const layout = layoutOf(props);
  if (layout.signatures.length === 0 && props.closingLines.length === 0) return null;
  return (
    <div className="print-only print-footer">
      {layout.signatures.map((signature) => (
        <div key={signature.label} className="print-signature">
          <p>{signature.label}</p>
          {signature.signatories.map((signatory, index) => (
            <div key={index} className="print-signatory">
              <p className="print-signature-name">{signatory.name}</p>
              {signatory.title && <p className="print-signature-title">{signatory.title}</p>}
            </div>
          ))}
        </div>
      ))}
      {props.closingLines.map((line, index) => (
        <p key={index}>{line}</p>
      ))}
    </div>
  );
}
