import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEMO_CLIENT_ID, type ObicoFake } from '../../fakes/obico'
import { apiClient, startFake } from './helpers'

/** The fake's JusPrin API against obico-ai-and-stats.md §1 and §4 items 1–8. */
let fake: ObicoFake
let api: ReturnType<typeof apiClient>
const PNG = 'data:image/png;base64,iVBORw0KGgo='

beforeEach(async () => {
  fake = await startFake()
  api = apiClient(fake, fake.issueToken(1, DEMO_CLIENT_ID).accessToken)
})
afterEach(() => fake.close())

describe('probe and auth', () => {
  it('answers the API root without auth, with four absolute URLs', async () => {
    const res = await fetch(`${fake.baseUrl}/jusprin/api/`)
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(Object.keys(body)).toEqual(['me', 'chats', 'plate_analysis', 'contact_support'])
    expect(body.me).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/jusprin\/api\/me\/$/)
  })

  it('is a 404 page on an older server', async () => {
    fake.jusprin.setEnabled(false)
    const res = await fetch(`${fake.baseUrl}/jusprin/api/`)
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toContain('text/html')
  })

  it('needs a token everywhere else: 403, never 401', async () => {
    const res = await fetch(`${fake.baseUrl}/jusprin/api/me/`)
    expect(res.status).toBe(403)
    expect(await res.json()).toEqual({ detail: 'Authentication credentials were not provided.' })
  })
})

describe('credits', () => {
  it('has no row before the first AI call, then an unlimited one that never counts', async () => {
    const before = await api.get('/jusprin/api/me/')
    expect(Object.keys(before.json)).toEqual(['user', 'ai_credits'])
    expect(before.json.ai_credits).toBeNull()
    await api.post('/jusprin/api/chats/messages/', { messages: [{ role: 'user', content: 'hi' }] })
    const after = await api.get('/jusprin/api/me/')
    expect(after.json.ai_credits.ai_credit_free_monthly_quota).toBe(-1)
    expect(after.json.ai_credits.ai_credit_used_current_month).toBe(0)
    expect(after.json.ai_credits.created_at).toMatch(/\.\d{6}Z$/)
  })

  it('spends before the work, never refunds a crash, and answers 402 when used up', async () => {
    fake.jusprin.setCredits(1, 2, 0)
    const crash = await api.post('/jusprin/api/chats/messages/', {})
    expect(crash.status).toBe(500)
    expect(crash.text).toContain('Server Error (500)')
    expect(fake.jusprin.credits(1)?.used).toBe(1)
    await api.post('/jusprin/api/chats/messages/', { messages: [{ role: 'user', content: 'x' }] })
    const refused = await api.post('/jusprin/api/chats/messages/', {
      messages: [{ role: 'user', content: 'x' }]
    })
    expect(refused.status).toBe(402)
    expect(refused.json).toEqual({ error: 'Monthly AI credit limit exceeded' })
    expect(fake.jusprin.credits(1)?.used).toBe(2)
  })

  it('translates the 402 by ?lang= and echoes the language', async () => {
    fake.jusprin.setCredits(1, 0)
    const res = await api.post('/jusprin/api/plate_analysis/?lang=de_DE', {})
    expect(res.status).toBe(402)
    expect(res.json.error).toBe('Monatliches KI-Guthaben überschritten')
    expect(res.headers.get('content-language')).toBe('de')
  })

  it('refuses POST on /me/ with 405', async () => {
    expect((await api.post('/jusprin/api/me/', {})).status).toBe(405)
  })
})

describe('chats', () => {
  it('stores messages as a string only, newest first, and deletes for good', async () => {
    const array = await api.post('/jusprin/api/chats/', { messages: [] })
    expect(array.status).toBe(400)
    expect(array.json).toEqual({ messages: ['Not a valid string.'] })
    expect((await api.post('/jusprin/api/chats/', { messages: '' })).json).toEqual({
      messages: ['This field may not be blank.']
    })
    const a = await api.post('/jusprin/api/chats/', { messages: '[]' })
    const b = await api.post('/jusprin/api/chats/', { messages: '[1]' })
    expect(a.status).toBe(201)
    const list = await api.get('/jusprin/api/chats/?g_code_file_id=1')
    expect(list.json.map((c: { id: number }) => c.id)).toEqual([b.json.id, a.json.id])
    expect((await api.put(`/jusprin/api/chats/${a.json.id}/`, {})).status).toBe(400)
    const patched = await api.patch(`/jusprin/api/chats/${a.json.id}/`, {
      user_feedback: 'positive'
    })
    expect(patched.json.user_feedback).toBe('positive')
    expect((await api.del(`/jusprin/api/chats/${a.json.id}/`)).status).toBe(204)
    const gone = await api.get(`/jusprin/api/chats/${a.json.id}/`)
    expect(gone.status).toBe(404)
    expect(gone.json).toEqual({ detail: 'No JusPrinChat matches the given query.' })
    expect((await api.get('/jusprin/api/chats/messages/')).status).toBe(405)
  })

  it("hides another user's chats", async () => {
    const mine = await api.post('/jusprin/api/chats/', { messages: '[]' })
    const other = apiClient(fake, fake.issueToken(2, DEMO_CLIENT_ID).accessToken)
    expect((await other.get(`/jusprin/api/chats/${mine.json.id}/`)).status).toBe(404)
    expect((await other.get('/jusprin/api/chats/')).json).toEqual([])
  })
})

describe('messages', () => {
  const ask = (content: string, extra: Record<string, unknown> = {}) =>
    api.post('/jusprin/api/chats/messages/', { messages: [{ role: 'user', content }], ...extra })

  it('answers plainly, with one action and null content, and with slicing settings', async () => {
    const plain = await ask('Why is there stringing?')
    expect(plain.status).toBe(200)
    expect(plain.json.message.content).toContain('Stringing')
    const action = await ask('Please orient the models')
    expect(action.json.message).toEqual({
      role: 'assistant',
      content: null,
      agent_actions: [{ name: 'auto_orient_all_models', arguments: {} }]
    })
    const settings = await ask('make it stronger', { slicing_profiles: {}, plates: [] })
    expect(settings.json.message.slicing_profiles.filament_overrides.nozzle_temperature).toEqual([
      220
    ])
    expect(settings.json.message.slicing_profiles.print_process_overrides.enable_support).toBe(1)
    const canned = await ask('make it stronger')
    expect(canned.json.message.content).toBe('Oops, something went wrong. Please contact support.')
  })

  it('stores nothing from a turn', async () => {
    await ask('hello')
    expect(fake.jusprin.chats(1)).toEqual([])
  })

  it('crashes on an unknown role in the summarised part', async () => {
    const messages = [
      { role: 'tool', content: 'x' },
      ...Array.from({ length: 5 }, (_, i) => ({ role: 'user', content: `q${i}` }))
    ]
    expect((await api.post('/jusprin/api/chats/messages/', { messages })).status).toBe(500)
  })

  it('takes its time when asked to', async () => {
    fake.jusprin.setReplyDelay(300)
    const started = Date.now()
    await ask('hello')
    expect(Date.now() - started).toBeGreaterThanOrEqual(280)
  })
})

describe('plate analysis', () => {
  const plate = { model_objects: [{ id: 1, name: 'cube' }] }

  it('answers 201 with a suggested printing method', async () => {
    const res = await api.post('/jusprin/api/plate_analysis/', { images: [PNG], plates: [plate] })
    expect(res.status).toBe(201)
    expect(Object.keys(res.json.message)).toEqual(['role', 'content', 'suggested_printing_method'])
  })

  it('gives canned 201s and 500s in the real order, each after spending', async () => {
    fake.jusprin.setCredits(1, 10)
    const post = (body: unknown) => api.post('/jusprin/api/plate_analysis/', body)
    expect((await post({ images: [PNG] })).status).toBe(500)
    expect((await post({ images: [PNG], plates: [] })).json.message.content).toMatch(/No plates/)
    expect((await post({ images: [PNG], plates: [{}] })).status).toBe(500)
    expect(
      (await post({ images: [PNG], plates: [{ model_objects: [] }] })).json.message.content
    ).toMatch(/at least one model/)
    expect((await post({ images: [], plates: [plate] })).json.message.content).toMatch(/No images/)
    expect((await post({ images: ['data:image/jpeg;base64,'], plates: [plate] })).status).toBe(500)
    expect(fake.jusprin.credits(1)?.used).toBe(6)
  })

  it('crashes on every verb but POST', async () => {
    expect((await api.get('/jusprin/api/plate_analysis/')).status).toBe(500)
    expect((await api.del('/jusprin/api/plate_analysis/3/')).status).toBe(500)
  })
})

describe('contact support', () => {
  it('mails support@obico.io, needs a message, and can fail with a JSON 500', async () => {
    const missing = await api.post('/jusprin/api/contact_support/', {})
    expect(missing.status).toBe(400)
    expect(missing.json).toEqual({ error: 'Message is required' })
    const ok = await api.post('/jusprin/api/contact_support/', { message: 'Help' })
    expect(ok.json).toEqual({ message: 'Support request sent successfully' })
    expect(fake.jusprin.mails).toEqual([
      {
        to: 'support@obico.io',
        from: 'noreply@obico.io',
        subject: 'JusPrin Support Request from maker@printdock.test',
        body: 'Help'
      }
    ])
    fake.jusprin.setMailFails(true)
    const failed = await api.post('/jusprin/api/contact_support/', { message: 'Help' })
    expect(failed.status).toBe(500)
    expect(failed.json).toEqual({ error: 'Failed to send support request' })
  })
})
