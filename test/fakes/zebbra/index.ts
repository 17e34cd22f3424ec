import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'
import { HttpError, json, FakeClock, text, type FakeRequest, type FakeResponse } from '../kit'
import { FaultableServer } from '../kit/faults'
import { signJwt, verifyJwt } from './jwt'

export { signJwt, verifyJwt, type JwtResult } from './jwt'

/** Options for {@link startZebbraFake}. */
export interface ZebbraFakeOptions {
  clock?: FakeClock
  port?: number
  host?: string
  /** No browser step exists (password grant); accepted for a uniform API and ignored. */
  autoApprove?: boolean
  /** 'demo' adds a financial model to the demo workspace; 'empty' only user and workspace. */
  seed?: 'demo' | 'empty'
  /** AUTH_TOKEN_EXPIRE in minutes: docs say 30 (default), env templates 43200 (§4.2). */
  tokenLifetimeMinutes?: number
}

/** A Zebbra user as stored (password kept only as a scrypt hash). */
interface UserRecord {
  _id: string
  username: string
  first_name: string
  last_name: string
  disabled: boolean
  salt: Buffer
  hash: Buffer
}

interface Workspace {
  _id: string
  name: string
  admin: string
  users: string[]
}

interface ModelRecord {
  _id: string
  name: string
  workspace: string
  admins: string[]
  editors: string[]
  viewers: string[]
  starting_month: string
  starting_balance: number
}

/** A running Zebbra (FastAPI) emulator. */
export interface ZebbraFake {
  baseUrl: string
  /** `${baseUrl}/token` (pre-prefix path the published docs show); `/auth/token` works too. */
  tokenUrl: string
  clock: FakeClock
  server: FaultableServer
  /** The seeded account. */
  user: { id: string; username: string; password: string; firstName: string; lastName: string }
  workspace: { id: string; name: string }
  tokenLifetimeMinutes: number
  /** Signs a JWT for a username (default: the demo user) the way POST /token would. */
  issueToken(username?: string): string
  /** Valid signature, not expired, not logged out, user present and enabled. */
  isTokenActive(token: string): boolean
  /** Marks a user disabled (for the 400 "Inactive user" case). */
  setDisabled(username: string, disabled: boolean): void
  close(): Promise<void>
}

const WWW_BEARER = { 'www-authenticate': 'Bearer' }

function detail(status: number, message: string, headers: Record<string, string> = {}): HttpError {
  return new HttpError(status, { detail: message }, headers)
}

/** FastAPI/pydantic v1 validation error item. */
function missing(loc: (string | number)[]): Record<string, unknown> {
  return { loc, msg: 'field required', type: 'value_error.missing' }
}

function unprocessable(errors: Record<string, unknown>[]): HttpError {
  return new HttpError(422, { detail: errors })
}

/** Starts the Zebbra fake (providers.md §4). */
export async function startZebbraFake(options: ZebbraFakeOptions = {}): Promise<ZebbraFake> {
  const clock = options.clock ?? new FakeClock()
  const server = new FaultableServer({ name: 'zebbra', clock })
  // AUTH_SECRET: per instance, so tokens from one fake never validate on another.
  const secret = randomBytes(32).toString('hex')
  const lifetimeMinutes = options.tokenLifetimeMinutes ?? 30
  const users = new Map<string, UserRecord>()
  const workspaces = new Map<string, Workspace>()
  const models = new Map<string, ModelRecord>()
  const blacklist = new Set<string>()
  let counter = randomBytes(3).readUIntBE(0, 3)

  /** A 24-hex Mongo ObjectId: 4-byte time, 5 random bytes, 3-byte counter. */
  const objectId = (): string => {
    counter = (counter + 1) % 0xffffff
    const seconds = Math.floor(clock.now() / 1000)
      .toString(16)
      .padStart(8, '0')
    return seconds + randomBytes(5).toString('hex') + counter.toString(16).padStart(6, '0')
  }
  const hashPassword = (password: string) => {
    const salt = randomBytes(16)
    return { salt, hash: scryptSync(password, salt, 32) }
  }
  const passwordOk = (user: UserRecord, password: string) =>
    timingSafeEqual(scryptSync(password, user.salt, 32), user.hash)
  const byUsername = (username: string) => [...users.values()].find((u) => u.username === username)
  const userJson = (u: UserRecord) => ({
    _id: u._id,
    username: u.username,
    first_name: u.first_name,
    last_name: u.last_name,
    disabled: u.disabled
  })
  const nowSeconds = () => Math.floor(clock.now() / 1000)
  const issue = (username: string) =>
    signJwt({ sub: username, exp: nowSeconds() + lifetimeMinutes * 60 }, secret)

  const createUser = (
    username: string,
    first: string,
    last: string,
    password: string
  ): UserRecord => {
    const user: UserRecord = {
      _id: objectId(),
      username,
      first_name: first,
      last_name: last,
      disabled: false,
      ...hashPassword(password)
    }
    users.set(user._id, user)
    return user
  }

  /** OAuth2PasswordBearer + get_current_active_user (§4.3). */
  const bearer = (req: FakeRequest): string => {
    const match = /^bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')
    if (!match) throw detail(401, 'Not authenticated', WWW_BEARER)
    return match[1]!.trim()
  }
  const currentUser = (req: FakeRequest): UserRecord => {
    const token = bearer(req)
    if (blacklist.has(token)) throw detail(401, 'Expired token', WWW_BEARER)
    const result = verifyJwt(token, secret, nowSeconds())
    const sub = result.ok ? result.claims.sub : undefined
    const user = typeof sub === 'string' ? byUsername(sub) : undefined
    if (!user) throw detail(401, 'Could not validate credentials', WWW_BEARER)
    if (user.disabled) throw detail(400, 'Inactive user')
    return user
  }

  /** FastAPI 0.78 body parsing for a JSON model: no content type is parsed as JSON (§4.2). */
  const jsonBody = async (req: FakeRequest): Promise<Record<string, unknown>> => {
    const raw = await req.text()
    const type = (req.headers['content-type'] ?? '').toLowerCase()
    const isJson = !type || /^application\/([\w.+-]*\+)?json/.test(type)
    if (!raw) throw unprocessable([missing(['body'])])
    if (!isJson)
      throw unprocessable([
        { loc: ['body'], msg: 'value is not a valid dict', type: 'type_error.dict' }
      ])
    let parsed: unknown
    try {
      parsed = JSON.parse(raw)
    } catch {
      throw unprocessable([
        {
          loc: ['body', 0],
          msg: 'Expecting value: line 1 column 1 (char 0)',
          type: 'value_error.jsondecode'
        }
      ])
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw unprocessable([
        { loc: ['body'], msg: 'value is not a valid dict', type: 'type_error.dict' }
      ])
    }
    return parsed as Record<string, unknown>
  }

  const routes: { methods: string[]; path: string }[] = []
  const route = (
    method: string,
    paths: string[],
    handler: (req: FakeRequest) => Promise<FakeResponse> | FakeResponse
  ) => {
    for (const path of paths) {
      routes.push({ methods: [method], path })
      server.route(method, path, async (req) => {
        try {
          return await handler(req)
        } catch (error) {
          if (error instanceof HttpError) throw error
          // Starlette's bare 500: plain text (§4.7).
          return text(500, 'Internal Server Error')
        }
      })
    }
  }

  route('GET', ['/'], () => json(200, { message: 'Hello Zebbra!' }))

  // Auth routes at the root (published docs) and under /auth (after commit 3a6be27), §4.1.
  route('POST', ['/token', '/auth/token'], async (req) => {
    const type = (req.headers['content-type'] ?? '').toLowerCase()
    const form = type.startsWith('application/x-www-form-urlencoded')
      ? await req.form()
      : (await req.text(), new URLSearchParams())
    const errors: Record<string, unknown>[] = []
    const grantType = form.get('grant_type')
    if (grantType !== null && !/^password$/.test(grantType)) {
      errors.push({
        loc: ['body', 'grant_type'],
        msg: 'string does not match regex "password"',
        type: 'value_error.str.regex',
        ctx: { pattern: 'password' }
      })
    }
    if (!form.get('username')) errors.push(missing(['body', 'username']))
    if (!form.get('password')) errors.push(missing(['body', 'password']))
    if (errors.length > 0) throw unprocessable(errors)
    const user = byUsername(form.get('username')!)
    if (!user || !passwordOk(user, form.get('password')!))
      throw detail(401, 'Incorrect username or password', WWW_BEARER)
    return json(200, { access_token: issue(user.username), token_type: 'bearer' })
  })

  route('GET', ['/token/expired', '/auth/token/expired'], (req) => {
    const token = bearer(req)
    const result = verifyJwt(token, secret, nowSeconds())
    if (result.ok) return json(200, { expired: false })
    if (result.reason === 'expired') return json(200, { expired: true })
    // Any other JWTError is uncaught in the real route: 500 plain text (§4.2).
    return text(500, 'Internal Server Error')
  })

  route('POST', ['/logout', '/auth/logout'], (req) => {
    currentUser(req)
    blacklist.add(bearer(req))
    return json(200, { message: 'Logged out.' })
  })

  route('POST', ['/register', '/auth/register'], async (req) => {
    const body = await jsonBody(req)
    const errors = ['username', 'first_name', 'last_name', 'password']
      .filter((f) => typeof body[f] !== 'string')
      .map((f) => missing(['body', f]))
    if (errors.length > 0) throw unprocessable(errors)
    const username = body.username as string
    if (byUsername(username)) throw detail(409, 'Username already exists')
    const invite = typeof body.invite_code === 'string' ? body.invite_code : null
    const newWorkspace =
      typeof body.new_workspace_name === 'string' ? body.new_workspace_name : null
    if ((invite === null) === (newWorkspace === null)) {
      throw detail(400, 'Exactly one of workspace_id and new_workspace_name must be specified.')
    }
    if (newWorkspace !== null && [...workspaces.values()].some((w) => w.name === newWorkspace)) {
      throw detail(409, 'Workspace name already exists')
    }
    if (invite !== null) throw detail(400, 'Invite code does not exist')
    const user = createUser(
      username,
      body.first_name as string,
      body.last_name as string,
      body.password as string
    )
    const workspace: Workspace = {
      _id: objectId(),
      name: newWorkspace!,
      admin: user._id,
      users: [user._id]
    }
    workspaces.set(workspace._id, workspace)
    return json(200, userJson(user))
  })

  const workspacesOf = (user: UserRecord) =>
    [...workspaces.values()].filter((w) => w.users.includes(user._id))
  const modelsOf = (user: UserRecord) =>
    [...models.values()].filter((m) => [...m.admins, ...m.editors, ...m.viewers].includes(user._id))

  route('GET', ['/user'], (req) => {
    const user = currentUser(req)
    return json(200, {
      _id: user._id,
      username: user.username,
      first_name: user.first_name,
      last_name: user.last_name,
      workspaces: workspacesOf(user).map((w) => ({ _id: w._id, name: w.name })),
      models: modelsOf(user).map((m) => ({ _id: m._id, name: m.name }))
    })
  })
  route('GET', ['/user/requiresOtp'], (req) => {
    if (!req.query.get('username')) throw unprocessable([missing(['query', 'username'])])
    return json(200, { message: 'OTP not required' })
  })

  route('GET', ['/workspace'], (req) => json(200, workspacesOf(currentUser(req))))
  route('POST', ['/workspace'], (req) => {
    const user = currentUser(req)
    const name = req.query.get('name')
    if (!name) throw unprocessable([missing(['query', 'name'])])
    if ([...workspaces.values()].some((w) => w.name === name))
      throw detail(409, 'Workspace name already exists')
    const workspace: Workspace = { _id: objectId(), name, admin: user._id, users: [user._id] }
    workspaces.set(workspace._id, workspace)
    return json(200, workspace)
  })
  route('GET', ['/workspace/users'], (req) => {
    const user = currentUser(req)
    const workspace = workspaceParam(req)
    if (!workspace?.users.includes(user._id)) throw detail(403, 'User is not in workspace.')
    return json(
      200,
      workspace.users.map((id) => {
        const member = users.get(id)!
        return {
          _id: id,
          username: member.username,
          first_name: member.first_name,
          last_name: member.last_name,
          user_role: workspace.admin === id ? 'Admin' : 'Member'
        }
      })
    )
  })

  const objectIdParam = (req: FakeRequest, name: string): string => {
    const value = req.query.get(name)
    if (value === null) throw unprocessable([missing(['query', name])])
    if (!/^[0-9a-f]{24}$/i.test(value))
      throw unprocessable([{ loc: ['query', name], msg: 'Invalid ObjectId', type: 'value_error' }])
    return value
  }
  const workspaceParam = (req: FakeRequest) => workspaces.get(objectIdParam(req, 'workspace_id'))

  route('GET', ['/model/meta'], (req) => {
    const user = currentUser(req)
    const model = models.get(objectIdParam(req, 'model_id'))
    if (!model) throw detail(400, 'Model does not exist.')
    if (![...model.admins, ...model.editors, ...model.viewers].includes(user._id))
      throw detail(403, 'User does not have access to this model.')
    const { _id: _omit, ...meta } = model
    return json(200, meta)
  })
  route('POST', ['/model/add'], (req) => {
    const user = currentUser(req)
    const name = req.query.get('name')
    if (!name) throw unprocessable([missing(['query', 'name'])])
    const workspace = workspaceParam(req)
    if (!workspace?.users.includes(user._id)) throw detail(403, 'User is not in workspace.')
    const model = addModel(name, workspace, user)
    return json(200, { _id: model._id, meta: { ...model, _id: undefined }, sheets: [] })
  })

  const addModel = (name: string, workspace: Workspace, owner: UserRecord): ModelRecord => {
    const model: ModelRecord = {
      _id: objectId(),
      name,
      workspace: workspace._id,
      admins: [owner._id],
      editors: [],
      viewers: [],
      starting_month: new Date(clock.now()).toISOString().slice(0, 8) + '01',
      starting_balance: 0
    }
    models.set(model._id, model)
    return model
  }

  // Starlette: unknown path → 404, known path with another method → 405; both as `detail`.
  server.route(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], '*', (req) => {
    req.raw.resume()
    const known = routes.some((r) => r.path === req.path)
    return known ? json(405, { detail: 'Method Not Allowed' }) : json(404, { detail: 'Not Found' })
  })

  // Seed: the demo user and workspace; 'demo' adds a model.
  const demo = createUser('maker@example.com', 'Maker', 'Demo', 'printdock-demo')
  const demoWorkspace: Workspace = {
    _id: objectId(),
    name: 'Print Farm',
    admin: demo._id,
    users: [demo._id]
  }
  workspaces.set(demoWorkspace._id, demoWorkspace)
  if ((options.seed ?? 'demo') === 'demo') addModel('Filament budget 2026', demoWorkspace, demo)

  const baseUrl = await server.listen(options.port ?? 0, options.host ?? '127.0.0.1')
  return {
    baseUrl,
    tokenUrl: `${baseUrl}/token`,
    clock,
    server,
    user: {
      id: demo._id,
      username: demo.username,
      password: 'printdock-demo',
      firstName: 'Maker',
      lastName: 'Demo'
    },
    workspace: { id: demoWorkspace._id, name: demoWorkspace.name },
    tokenLifetimeMinutes: lifetimeMinutes,
    issueToken: (username = demo.username) => issue(username),
    isTokenActive(token) {
      if (blacklist.has(token)) return false
      const result = verifyJwt(token, secret, nowSeconds())
      const user =
        result.ok && typeof result.claims.sub === 'string'
          ? byUsername(result.claims.sub)
          : undefined
      return user !== undefined && !user.disabled
    },
    setDisabled(username, disabled) {
      const user = byUsername(username)
      if (!user) throw new Error(`no Zebbra fake user ${username}`)
      user.disabled = disabled
    },
    close: () => server.close()
  }
}
