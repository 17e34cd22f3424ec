/**
 * `GET /open_auth/get_user_data/` response building (providers.md §3.6): one object per model
 * with at least one requested data point, field keys = the path after the model with dots turned
 * into spaces, then camelCased by djangorestframework_camel_case (which only converts `_x`).
 */

/** An Omniport person with the related objects the fake models. */
export interface OmniportPerson {
  userId: number
  /** Enrolment number; the docs example still shows it as top-level `username` (§3.6). */
  username: string
  person: {
    short_name: string
    full_name: string
    display_picture: string | null
    roles: { role: string; activeStatus: string }[]
  }
  student?: Record<string, unknown>
  faculty_member?: Record<string, unknown>
  biological_information?: Record<string, unknown>
  contact_information?: Record<string, unknown>
  residential_information?: Record<string, unknown>
  social_information?: { links: Record<string, string> }
}

/** djangorestframework_camel_case's key conversion: only `_x` sequences change. */
export function camelize(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase())
}

/** Reads a dotted path such as `branch.department.name` from nested data. */
function pick(source: Record<string, unknown>, path: string): unknown {
  let current: unknown = source
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return null
    current = (current as Record<string, unknown>)[part]
  }
  return current ?? null
}

/** Builds the response for one user and one app's data points. */
export function buildUserData(user: OmniportPerson, dataPoints: string[]): Record<string, unknown> {
  const response: Record<string, unknown> = { userId: user.userId, username: user.username }
  const special = new Set(['person.roles', 'person.custom_roles', 'person.display_picture'])
  const ordinary = dataPoints.filter((dp) => !special.has(dp))
  for (const dataPoint of ordinary) {
    const dot = dataPoint.indexOf('.')
    const model = dataPoint.slice(0, dot)
    const field = dataPoint.slice(dot + 1)
    const key = camelize(model)
    const source =
      model === 'person'
        ? user.person
        : (user[model as keyof OmniportPerson] as Record<string, unknown> | undefined)
    const bucket = (response[key] ??= {}) as Record<string, unknown>
    // A missing related object (a faculty member asked for student fields) yields {} (§3.6).
    if (!source) continue
    const value =
      model === 'social_information'
        ? (source as { links: unknown }).links
        : pick(source as Record<string, unknown>, field)
    bucket[camelize(field.replace(/\./g, ' '))] = value
  }
  for (const dataPoint of dataPoints.filter((dp) => special.has(dp))) {
    // Quirk (§3.6): these append to response['person'], which only exists when another person.*
    // point was requested. Without one the real view raises KeyError → HTTP 500.
    const person = response.person as Record<string, unknown> | undefined
    if (!person) throw new Error(`KeyError: 'person' (${dataPoint} without other person data)`)
    if (dataPoint === 'person.roles')
      person.roles = user.person.roles.filter((r) => !r.role.includes('.'))
    if (dataPoint === 'person.custom_roles')
      person.customRoles = user.person.roles.filter((r) => r.role.includes('.'))
    if (dataPoint === 'person.display_picture') person.displayPicture = user.person.display_picture
  }
  return response
}
