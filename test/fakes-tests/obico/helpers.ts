import { FakeClock } from '../../fakes/kit'
import { startObicoFake, type ObicoFake, type ObicoFakeOptions } from '../../fakes/obico'

/** Starts a demo fake on an ephemeral port with a frozen clock (time moves only by advance). */
export async function startFake(options: ObicoFakeOptions = {}): Promise<ObicoFake> {
  return startObicoFake({ clock: new FakeClock({ frozen: true }), ...options })
}

/** A small HTTP client bound to a fake and a bearer token. */
export function apiClient(sb: ObicoFake, token: string) {
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {}
  ) => {
    const init: RequestInit = {
      method,
      headers: { authorization: `Bearer ${token}`, ...headers },
      redirect: 'manual'
    }
    if (body !== undefined) {
      init.body = JSON.stringify(body)
      ;(init.headers as Record<string, string>)['content-type'] = 'application/json'
    }
    const res = await fetch(`${sb.baseUrl}${path}`, init)
    const text = await res.text()
    let json: any = undefined
    try {
      json = text ? JSON.parse(text) : undefined
    } catch {
      json = undefined
    }
    return { status: res.status, headers: res.headers, text, json }
  }
  return {
    get: (path: string, headers?: Record<string, string>) => call('GET', path, undefined, headers),
    post: (path: string, body?: unknown) => call('POST', path, body),
    patch: (path: string, body?: unknown) => call('PATCH', path, body),
    put: (path: string, body?: unknown) => call('PUT', path, body),
    del: (path: string, body?: unknown) => call('DELETE', path, body)
  }
}

/** POSTs a form-encoded body (what OAuth clients send to /o/token/ and /o/revoke_token/). */
export async function postForm(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {}
) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual'
  })
  const text = await res.text()
  let json: any = undefined
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, text, json }
}

/** A minimal cookie jar for driving the HTML pages over plain HTTP. */
export class CookieJar {
  private readonly cookies = new Map<string, string>()

  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const index = pair.indexOf('=')
      this.cookies.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim())
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name)
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }
}

/** The value of a hidden input in an HTML page. */
export function hiddenValue(page: string, name: string): string | undefined {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(page)
  return match
    ? match[1].replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)))
    : undefined
}
