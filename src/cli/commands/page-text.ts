import type { ProviderPage, ProviderPageData } from '../../shared/models/provider-page'
import { assertNever } from '../../shared/assert-never'
import { formatWhen } from '../format'

/**
 * An account's page as terminal text (`printdock account`): the same data the app's page shows,
 * never a token (pages hold none).
 */

const STATUS_WORDS: Record<ProviderPage['status'], string> = {
  loading: 'loading',
  ready: 'up to date',
  unreachable: 'server unreachable',
  'needs-relink': 'needs re-link',
  'sign-in-needed': 'sign in again',
  failed: 'could not be read'
}

/** The whole page: a status line, then the provider's data. */
export function describePage(title: string, page: ProviderPage): string {
  const lines = [title]
  const status = STATUS_WORDS[page.status]
  lines.push(`  status: ${status}${page.problem ? ` — ${page.problem}` : ''}`)
  if (page.readAt) lines.push(`  read:   ${formatWhen(page.readAt)}`)
  if (page.data) lines.push('', ...describeData(page.data))
  return lines.join('\n')
}

function describeData(data: ProviderPageData): string[] {
  switch (data.provider) {
    case 'octoblu': {
      const lines = [`Signed in as ${data.whoami.name ?? data.whoami.uuid} (${data.whoami.uuid})`]
      lines.push('', `Devices (${data.devices.length}):`)
      for (const device of data.devices) {
        const seen = device.lastSeen ? `, last seen ${formatWhen(device.lastSeen)}` : ''
        lines.push(
          `  ${device.name ?? '(no name)'} — ${device.type ?? 'no type'}, ` +
            `${device.online ? 'online' : 'offline'}${seen}`,
          `    ${device.uuid}`
        )
      }
      lines.push('', `Subscriptions (${data.subscriptions.length}):`)
      for (const s of data.subscriptions) lines.push(`  ${s.type} from ${s.emitterUuid}`)
      return lines
    }
    case 'omniport': {
      const lines = [`Omniport user ${data.userId}`]
      for (const section of data.sections) {
        lines.push('', `${section.title}:`)
        for (const field of section.fields) lines.push(`  ${field.label}: ${field.value}`)
        if (section.note) lines.push(`  ${section.note}`)
      }
      return lines
    }
    case 'zebbra': {
      const who = data.user.name ? `${data.user.name} (${data.user.username})` : data.user.username
      const lines = [`Signed in as ${who}`, '', `Workspaces (${data.workspaces.length}):`]
      for (const workspace of data.workspaces) {
        const role = workspace.admin ? 'admin' : 'member'
        lines.push(`  ${workspace.name} — ${role}, ${workspace.memberCount} member(s)`)
        if (workspace.models.length === 0) lines.push('    no models')
        for (const model of workspace.models) lines.push(`    model: ${model.name}`)
      }
      if (data.otherModels.length > 0) {
        lines.push('', 'Other models:')
        for (const model of data.otherModels) lines.push(`  ${model.name}`)
      }
      return lines
    }
    default:
      return assertNever(data, 'page provider')
  }
}
