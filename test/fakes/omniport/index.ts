import { FakeClock } from '../kit'
import { FaultableServer } from '../kit/faults'
import {
  generateToken,
  mountOmniportRoutes,
  OmniportState,
  type OmniportAccount,
  type OmniportApplication
} from './oauth-routes'
import type { OmniportPerson } from './user-data'

export { ACCESS_TOKEN_TTL_SECONDS, CODE_TTL_MS, redirectUriAllowed } from './oauth-routes'
export type { OmniportAccount, OmniportApplication } from './oauth-routes'
export type { OmniportPerson } from './user-data'
export { buildUserData, camelize } from './user-data'

/** Options for {@link startOmniportFake}. */
export interface OmniportFakeOptions {
  clock?: FakeClock
  port?: number
  host?: string
  /** Skip login and consent: the demo user is logged in and clicks Authorize at once. */
  autoApprove?: boolean
  /** 'demo' also seeds a faculty member; 'empty' only the student and the app. */
  seed?: 'demo' | 'empty'
  /** Registered redirect URIs of the seeded app. */
  redirectUris?: string[]
  /** Data points (the real "scopes") of the seeded app. */
  dataPoints?: string[]
}

/** A running Omniport (channeli.in open_auth) emulator. */
export interface OmniportFake {
  baseUrl: string
  /** `${baseUrl}/oauth/authorise/`: the consent page users are sent to. */
  authorizeUrl: string
  /** `${baseUrl}/open_auth/token/` */
  tokenUrl: string
  /** `${baseUrl}/open_auth/revoke_token/` */
  revokeUrl: string
  /** `${baseUrl}/open_auth/get_user_data/` */
  userDataUrl: string
  clock: FakeClock
  server: FaultableServer
  /** The seeded, approved app. */
  client: OmniportApplication
  /** The seeded student (username/password for the login form). */
  user: { userId: number; username: string; password: string }
  autoApprove: boolean
  /** Registers another app (approved unless said otherwise). */
  registerClient(
    app: Partial<OmniportApplication> & { redirectUris: string[] }
  ): OmniportApplication
  /** Pre-issues a token pair for a user (default: the demo student). */
  issueToken(userId?: number, clientId?: string): { accessToken: string; refreshToken: string }
  /** True while the access token exists and has not expired. */
  isTokenActive(accessToken: string): boolean
  close(): Promise<void>
}

/**
 * Default redirect URIs. The loopback one has no port, so any port is accepted (§3.4). The
 * custom scheme is accepted at registration (it equals the app name, lowercased) but DOT will
 * not redirect to it (§3.4 [infer]); it is registered so that behaviour can be shown.
 */
export const OMNIPORT_DEFAULT_REDIRECT_URIS = [
  'http://127.0.0.1/printdock/callback',
  'printdock://oauth/callback'
]

/** Data points of the seeded app: enough to show camelCase and space-named keys (§3.6). */
export const OMNIPORT_DEFAULT_DATA_POINTS = [
  'person.full_name',
  'person.short_name',
  'person.roles',
  'student.enrolment_number',
  'student.current_year',
  'student.branch.name',
  'student.branch.department.name',
  'contact_information.institute_webmail_address',
  'contact_information.email_address'
]

const STUDENT: OmniportPerson = {
  userId: 1234,
  username: '21114009',
  person: {
    short_name: 'maker',
    full_name: 'Maker Demo',
    display_picture: null,
    roles: [
      { role: 'Student', activeStatus: 'ActiveStatus.IS_ACTIVE' },
      { role: 'Maintainer', activeStatus: 'ActiveStatus.IS_ACTIVE' }
    ]
  },
  student: {
    enrolment_number: '21114009',
    current_year: 3,
    current_semester: 5,
    start_date: '2021-07-26',
    end_date: null,
    branch: {
      name: 'Mechanical Engineering',
      degree: { name: 'Bachelor of Technology' },
      department: { name: 'Department of Mechanical and Industrial Engineering' }
    }
  },
  contact_information: {
    email_address: 'maker@example.com',
    email_address_verified: true,
    institute_webmail_address: 'maker_d@me.iitr.ac.in',
    primary_phone_number: null,
    secondary_phone_number: null
  }
}

const FACULTY: OmniportPerson = {
  userId: 77,
  username: 'prof.lathe',
  person: {
    short_name: 'lathe',
    full_name: 'Prof. Lathe',
    display_picture: '/media/lathe.png',
    roles: [{ role: 'FacultyMember', activeStatus: 'ActiveStatus.IS_ACTIVE' }]
  },
  faculty_member: {
    designation: 'Professor',
    employee_id: 'F0077',
    department: { name: 'Department of Mechanical and Industrial Engineering' }
  }
}

/** Starts the Omniport fake (providers.md §3). */
export async function startOmniportFake(options: OmniportFakeOptions = {}): Promise<OmniportFake> {
  const clock = options.clock ?? new FakeClock()
  const server = new FaultableServer({ name: 'omniport', clock })
  const state = new OmniportState(server)
  state.settings.autoApprove = options.autoApprove ?? false

  // DOT's generators: 40-character client id, 128-character secret (§3.2).
  const client: OmniportApplication = {
    clientId: generateToken(40),
    clientSecret: generateToken(128),
    name: 'Printdock',
    redirectUris: options.redirectUris ?? OMNIPORT_DEFAULT_REDIRECT_URIS,
    dataPoints: options.dataPoints ?? OMNIPORT_DEFAULT_DATA_POINTS,
    isApproved: true
  }
  state.apps.set(client.clientId, client)
  const student: OmniportAccount = {
    username: STUDENT.username,
    password: 'printdock-demo',
    person: structuredClone(STUDENT)
  }
  state.accounts.set(STUDENT.userId, student)
  if ((options.seed ?? 'demo') === 'demo') {
    state.accounts.set(FACULTY.userId, {
      username: FACULTY.username,
      password: 'printdock-demo',
      person: structuredClone(FACULTY)
    })
  }
  mountOmniportRoutes(state)
  const baseUrl = await server.listen(options.port ?? 0, options.host ?? '127.0.0.1')

  return {
    baseUrl,
    authorizeUrl: `${baseUrl}/oauth/authorise/`,
    tokenUrl: `${baseUrl}/open_auth/token/`,
    revokeUrl: `${baseUrl}/open_auth/revoke_token/`,
    userDataUrl: `${baseUrl}/open_auth/get_user_data/`,
    clock,
    server,
    client,
    user: { userId: STUDENT.userId, username: student.username, password: student.password },
    get autoApprove() {
      return state.settings.autoApprove
    },
    set autoApprove(value: boolean) {
      state.settings.autoApprove = value
    },
    registerClient(partial) {
      const app: OmniportApplication = {
        clientId: partial.clientId ?? generateToken(40),
        clientSecret: partial.clientSecret ?? generateToken(128),
        name: partial.name ?? 'Sandbox app',
        redirectUris: partial.redirectUris,
        dataPoints: partial.dataPoints ?? ['person.full_name'],
        isApproved: partial.isApproved ?? true
      }
      state.apps.set(app.clientId, app)
      return app
    },
    issueToken(userId = STUDENT.userId, clientId = client.clientId) {
      if (!state.accounts.has(userId)) throw new Error(`no Omniport fake user ${userId}`)
      const { access, refresh } = state.issue(clientId, userId)
      return { accessToken: access, refreshToken: refresh }
    },
    isTokenActive: (accessToken) => state.activeAccess(accessToken) !== undefined,
    close: () => server.close()
  }
}
