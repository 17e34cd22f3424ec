import type { ReactNode } from 'react'
import type { ZebbraPageData } from '@shared/models/provider-page'

/**
 * The Zebbra user, their workspaces and the models in each. Test ids: `zebbra-user`,
 * `zebbra-workspace` (attribute `data-workspace-id`), `zebbra-model`.
 */
export function ZebbraPageBody({ data }: { data: ZebbraPageData }): ReactNode {
  return (
    <div className="page-sections">
      <p data-testid="zebbra-user">
        Signed in as <strong>{data.user.name ?? data.user.username}</strong>
        {data.user.name && <span className="mono"> ({data.user.username})</span>}
      </p>
      {data.workspaces.length === 0 && <p className="hint">You are in no workspace yet.</p>}
      {data.workspaces.map((workspace) => (
        <section
          key={workspace.id}
          className="page-card"
          data-testid="zebbra-workspace"
          data-workspace-id={workspace.id}
          aria-labelledby={`workspace-${workspace.id}`}
        >
          <h2 id={`workspace-${workspace.id}`}>{workspace.name}</h2>
          <p className="hint">
            {workspace.admin ? 'You are its admin' : 'You are a member'} ·{' '}
            {workspace.memberCount === 1 ? '1 member' : `${workspace.memberCount} members`}
          </p>
          {workspace.models.length === 0 ? (
            <p className="hint">No models in this workspace.</p>
          ) : (
            <ul className="page-list">
              {workspace.models.map((model) => (
                <li key={model.id} data-testid="zebbra-model">
                  {model.name}
                  {model.startingMonth && (
                    <span className="hint"> · starts {model.startingMonth}</span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
      {data.otherModels.length > 0 && (
        <section className="page-card" aria-labelledby="zebbra-other-models">
          <h2 id="zebbra-other-models">Other models shared with you</h2>
          <ul className="page-list">
            {data.otherModels.map((model) => (
              <li key={model.id} data-testid="zebbra-model">
                {model.name}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  )
}
