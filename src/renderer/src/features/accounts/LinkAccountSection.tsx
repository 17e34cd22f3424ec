import type { ReactNode } from 'react'
import type { ProviderOption } from '@shared/models/account'
import type { PendingAttempt } from '../../stores/accounts-store'
import { ProviderPanel } from './ProviderPanel'

/** The id of the section's heading, for the "Link an account" button at the top of the screen. */
export const LINK_SECTION_HEADING_ID = 'link-title'

interface Props {
  providers: ProviderOption[]
  /** The open provider's key, or null when all are closed. */
  openKey: string | null
  onToggle: (key: string) => void
  /** Link attempts waiting for the browser, by scope (a provider's key for new links). */
  pendingByScope: Record<string, PendingAttempt>
  /** True once the provider list has loaded. */
  ready: boolean
}

/**
 * The provider to open when nobody chose one yet: Obico, the service most makers link first
 * (Obico Cloud, else a self-hosted Obico), else the first offered.
 */
export function likelyProviderKey(providers: ProviderOption[]): string | null {
  const byKey = (key: string) => providers.find((provider) => provider.key === key)?.key
  return byKey('obico-cloud') ?? byKey('obico-self-hosted') ?? providers[0]?.key ?? null
}

/**
 * "Link an account": one disclosure per provider. A provider whose link waits for the browser says
 * so under its name, where its buttons are greyed.
 */
export function LinkAccountSection(props: Props): ReactNode {
  const { providers, openKey, pendingByScope } = props
  return (
    <section className="section" aria-labelledby={LINK_SECTION_HEADING_ID}>
      <h2 id={LINK_SECTION_HEADING_ID} tabIndex={-1}>
        Link an account
      </h2>
      {props.ready && providers.length === 0 && (
        <p className="hint">No services are available in this build.</p>
      )}
      <ul className="provider-list">
        {providers.map((provider) => {
          const open = openKey === provider.key
          const panelId = `provider-panel-${provider.key}`
          const waiting = pendingByScope[provider.key] !== undefined
          return (
            <li key={provider.key} className={open ? 'provider open' : 'provider'}>
              <h3 className="provider-heading">
                <button
                  type="button"
                  className="provider-toggle"
                  aria-expanded={open}
                  aria-controls={panelId}
                  aria-describedby={`${panelId}-summary`}
                  onClick={() => props.onToggle(provider.key)}
                  data-testid={`provider-${provider.key}`}
                >
                  <span className="provider-label">{provider.label}</span>
                  <span className="chevron" aria-hidden="true">
                    {open ? '▾' : '▸'}
                  </span>
                </button>
              </h3>
              <p
                id={`${panelId}-summary`}
                className="provider-summary"
                data-testid={`provider-summary-${provider.key}`}
              >
                {waiting ? 'Waiting for your approval in the browser. ' : ''}
                {provider.description}
              </p>
              <div id={panelId} hidden={!open}>
                {open && <ProviderPanel provider={provider} />}
              </div>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
