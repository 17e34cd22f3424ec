import { z } from 'zod'
import type {
  OmniportPageData,
  PageField,
  ProfileSection
} from '../../../shared/models/provider-page'
import { pageGet, readJson, type PageCalls } from './page-calls'

/**
 * The Omniport page: the profile `get_user_data` gives for the data points the app was granted
 * (providers.md §3.6). A model that was not granted is absent from the answer; the page says so
 * in one plain note per part instead of leaving a gap.
 */

const LABEL = 'Omniport'

const section = z.record(z.string(), z.unknown()).optional()
const userDataSchema = z.looseObject({
  userId: z.union([z.number(), z.string().min(1).max(64)]),
  username: z.string().max(128).optional(),
  person: section,
  student: section,
  facultyMember: section,
  contactInformation: section
})
type UserData = z.infer<typeof userDataSchema>

/** Reads the profile and lays it out in the four parts the page shows. */
export async function readOmniportPage(
  calls: PageCalls,
  accountId: string
): Promise<OmniportPageData> {
  const data = readJson(
    await calls(accountId, pageGet('/open_auth/get_user_data/')),
    userDataSchema,
    LABEL,
    'a profile'
  )
  return {
    provider: 'omniport',
    userId: String(data.userId),
    sections: [nameSection(data), rolesSection(data), enrolmentSection(data), contactSection(data)]
  }
}

function nameSection(data: UserData): ProfileSection {
  const person = data.person
  const granted = person !== undefined && ('fullName' in person || 'shortName' in person)
  return build('name', 'Name', granted, [
    ['Full name', person?.fullName],
    ['Short name', person?.shortName],
    ['User name', data.username]
  ])
}

function rolesSection(data: UserData): ProfileSection {
  const roles = data.person?.roles
  const granted = Array.isArray(roles)
  const fields: [string, unknown][] = granted
    ? roles.map((entry) => {
        const item = (entry ?? {}) as { role?: unknown; activeStatus?: unknown }
        return ['Role', roleText(item.role, item.activeStatus)]
      })
    : []
  return build('roles', 'Roles', granted, fields)
}

/** Students have an enrolment; faculty members an employee id and department (§3.6). */
function enrolmentSection(data: UserData): ProfileSection {
  const student = data.student
  const faculty = data.facultyMember
  const granted = student !== undefined || faculty !== undefined
  return build('enrolment', 'Enrolment', granted, [
    ['Enrolment number', student?.enrolmentNumber],
    ['Branch', student?.['branch name']],
    ['Degree', student?.['branch degree name']],
    ['Department', student?.['branch department name'] ?? faculty?.['department name']],
    ['Year', student?.currentYear],
    ['Semester', student?.currentSemester],
    ['Designation', faculty?.designation],
    ['Employee id', faculty?.employeeId]
  ])
}

function contactSection(data: UserData): ProfileSection {
  const contact = data.contactInformation
  return build('contact', 'Contact', contact !== undefined, [
    ['Institute email', contact?.instituteWebmailAddress],
    ['Email', contact?.emailAddress],
    ['Phone', contact?.primaryPhoneNumber],
    ['Other phone', contact?.secondaryPhoneNumber]
  ])
}

const NOTES: Record<ProfileSection['key'], string> = {
  name: 'Printdock was not granted your name on Omniport.',
  roles: 'Printdock was not granted your roles on Omniport.',
  enrolment: 'Printdock was not granted your enrolment on Omniport.',
  contact: 'Printdock was not granted your contact details on Omniport.'
}

function build(
  key: ProfileSection['key'],
  title: string,
  granted: boolean,
  pairs: [string, unknown][]
): ProfileSection {
  if (!granted) return { key, title, granted, fields: [], note: NOTES[key] }
  const fields: PageField[] = pairs.flatMap(([label, value]) => {
    const shown = valueText(value)
    return shown === undefined ? [] : [{ label, value: shown }]
  })
  const result: ProfileSection = { key, title, granted, fields }
  // Granted but empty: e.g. a faculty member asked for student fields gets {} (§3.6).
  if (fields.length === 0)
    result.note = `Omniport has nothing under ${title.toLowerCase()} for you.`
  return result
}

function valueText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() ? value.trim().slice(0, 512) : undefined
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (typeof value === 'boolean') return value ? 'Yes' : 'No'
  return undefined
}

/** "Student", or "Student (inactive)" for a role that is not `ActiveStatus.IS_ACTIVE`. */
function roleText(role: unknown, status: unknown): string | undefined {
  const name = valueText(role)
  if (!name) return undefined
  if (typeof status === 'string' && status !== 'ActiveStatus.IS_ACTIVE') return `${name} (inactive)`
  return name
}
