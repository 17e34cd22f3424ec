/**
 * What the user is told about problems found while Printdock starts: the app shows these as
 * notices, the CLI prints them on stderr. One wording for both, so neither process hides a problem
 * the other reports.
 */
import type { Notice } from '../../shared/models/app-info'
import type { RegistryProblem } from './accounts/account-registry'
import type { SettingsProblem } from './settings/json-file-settings-store'

/** The id of the notice for an accounts file nothing could be read from. */
export const ACCOUNTS_FILE_UNREADABLE = 'accounts-file-unreadable'

/**
 * The accounts list was not fully usable. It stays until the user acts: the file is never moved
 * or rewritten for them, so the notice says where it is and what to do.
 */
export function registryProblemNotice(problem: RegistryProblem): Notice {
  if (problem.kind === 'records-skipped') {
    const some = problem.count === 1 ? '1 saved account' : `${problem.count} saved accounts`
    return {
      id: 'accounts-file-records-skipped',
      level: 'warning',
      message:
        `Printdock skipped ${some} it doesn't understand (saved by a newer version, or ` +
        `damaged) in ${problem.filePath}. The others are listed; the skipped ones are kept in ` +
        'the file as they are.'
    }
  }
  return {
    id: ACCOUNTS_FILE_UNREADABLE,
    level: 'error',
    needsAction: true,
    message:
      `Printdock can't read its list of linked accounts at ${problem.filePath} ` +
      `(${problem.detail}), so no accounts are shown and none can be linked or unlinked. ` +
      'The file is left exactly as it is: fix or move it away, then restart Printdock.'
  }
}

/** The settings file was not used as it is. */
export function settingsProblemNotice(problem: SettingsProblem): Notice {
  const notice = (message: string): Notice => ({
    id: 'settings-file-problem',
    level: 'warning',
    message
  })
  switch (problem.kind) {
    case 'damaged':
      return notice(
        `Printdock's settings file was damaged (${problem.detail}), so it started with default ` +
          `settings. The damaged file was kept as ${problem.keptAs}.`
      )
    case 'damaged-not-kept':
      return notice(
        `Printdock's settings file is damaged (${problem.detail}) and no copy of it could be ` +
          'made, so it is left as it is and settings changed now last until Printdock quits.'
      )
    case 'unreadable':
      return notice(
        `Printdock can't read its settings file (${problem.detail}), so it uses default ` +
          'settings and changes last until Printdock quits. Check the file and folder permissions.'
      )
    case 'newer':
      return notice(
        'Your settings were saved by a newer version of Printdock. This version uses default ' +
          'settings and leaves the file as it is; changes last until Printdock quits.'
      )
  }
}
