import type { ReactNode } from 'react'
import type { OmniportPageData } from '@shared/models/provider-page'

/**
 * The Omniport profile: one part per kind of data, each either its values or a plain note that
 * Printdock was not granted it. Test ids: `omniport-section` (attribute `data-section`,
 * `data-granted`), `omniport-note`.
 */
export function OmniportPageBody({ data }: { data: OmniportPageData }): ReactNode {
  return (
    <div className="page-sections">
      {data.sections.map((section) => (
        <section
          key={section.key}
          className="page-card"
          data-testid="omniport-section"
          data-section={section.key}
          data-granted={section.granted}
          aria-labelledby={`omniport-${section.key}`}
        >
          <h2 id={`omniport-${section.key}`}>{section.title}</h2>
          {section.fields.length > 0 && (
            <dl className="identity">
              {section.fields.map((field, index) => (
                <div key={`${field.label}-${index}`} className="identity-row">
                  <dt>{field.label}</dt>
                  <dd>{field.value}</dd>
                </div>
              ))}
            </dl>
          )}
          {section.note && (
            <p className="hint" data-testid="omniport-note">
              {section.note}
            </p>
          )}
        </section>
      ))}
    </div>
  )
}
