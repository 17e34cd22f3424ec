/**
 * What the user is told about problems found while Printdock starts: the app shows these as
 * notices, the CLI prints them on stderr. One wording for both, so neither process hides a problem
 * the other reports.
 */
import type { Notice } from '../../shared/models/app-info'
import type { RegistryProblem } from './accounts/account-registry'
import type { SettingsProblem } from './settings/json-file-settings-store'

/** The accounts list could not be read and was moved aside. */
export function registryProblemNotice(problem: RegistryProblem): Notice {
  return {
    id: 'accounts-file-unreadable',
    level: 'warning',
    message:
      "Printdock couldn't read its list of linked accounts, so it started with an empty one" +
      (problem.movedTo ? ` (the old file was kept as ${problem.movedTo})` : '') +
      '. Link your accounts again.'
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
