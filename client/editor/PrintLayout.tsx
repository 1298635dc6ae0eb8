/**
 * What Ctrl+P adds to the page: the document's heading and its signatures laid out as the
 * export lays them out (the same `documentLayout`), shown only in print. The sections print
 * from the editor itself; the print stylesheet hides everything that is not the document
 * (toolbar, panels, comment and search highlights, "(obligatoriskt)", hints, other carets).
 */
import type { DocumentType, FieldValue } from '../../shared/model';
import { documentLayout, type LayoutField } from '../../shared/doc/documentLayout';

interface Props {
  type: DocumentType;
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

function layoutOf({ type, title, fields }: Props) {
  return documentLayout({ type: type.key, title, status: 'utkast', fields, sections: [] });
}

export function PrintHeading(props: Props) {
  const layout = layoutOf(props);
  return (
    <div className="print-only print-heading">
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
          {signature.lines.map((name, index) => (
            <p key={index} className="print-signature-name">
              {name}
            </p>
          ))}
        </div>
      ))}
      {props.closingLines.map((line, index) => (
        <p key={index}>{line}</p>
      ))}
    </div>
  );
}
