import { describe, expect, it } from 'vitest'
import { redact, redactText } from '../../../src/main/core/logger'

const SECRET = 'S3cr3t-Value_xyz.123'

describe('redactText: secrets are removed', () => {
  it.each([
    [
      'query after ?',
      `https://h/cb?code=${SECRET}&state=abc`,
      `https://h/cb?code=[redacted]&state=[redacted]`
    ],
    [
      'form body starting with code=',
      `code=${SECRET}&redirect_uri=x`,
      'code=[redacted]&redirect_uri=x'
    ],
    [
      'form body starting with refresh_token=',
      `refresh_token=${SECRET}&grant_type=refresh_token`,
      'refresh_token=[redacted]&grant_type=refresh_token'
    ],
    ['form body starting with access_token=', `access_token=${SECRET}`, 'access_token=[redacted]'],
    [
      'form body starting with password=',
      `password=${SECRET}&username=me`,
      'password=[redacted]&username=me'
    ],
    [
      'client_secret in a body',
      `grant_type=x&client_secret=${SECRET}`,
      'grant_type=x&client_secret=[redacted]'
    ],
    ['a value after whitespace', `sent body: code=${SECRET}`, 'sent body: code=[redacted]'],
    [
      'a body on its own line',
      `request failed\npassword=${SECRET}`,
      'request failed\npassword=[redacted]'
    ],
    ['whitespace after =', `password= ${SECRET}`, 'password= [redacted]'],
    [
      'JSON access_token',
      `{"access_token":"${SECRET}","token_type":"bearer"}`,
      '{"access_token":"[redacted]","token_type":"bearer"}'
    ],
    [
      'JSON refresh_token with spaces',
      `{"refresh_token": "${SECRET}"}`,
      '{"refresh_token": "[redacted]"}'
    ],
    [
      'JSON client_secret',
      `{ "client_secret" : "${SECRET}" }`,
      '{ "client_secret" : "[redacted]" }'
    ],
    [
      'JSON password',
      `{"username":"me","password":"${SECRET}"}`,
      '{"username":"me","password":"[redacted]"}'
    ],
    [
      'JSON value with an escaped quote',
      `{"password":"a\\"${SECRET}"}`,
      '{"password":"[redacted]"}'
    ],
    [
      'JSON inside a JSON string',
      `{"body":"{\\"access_token\\":\\"${SECRET}\\"}"}`,
      '{"body":"{\\"access_token\\":\\"[redacted]\\"}"}'
    ],
    ['JSON authorization code', `{"code":"${SECRET}"}`, '{"code":"[redacted]"}'],
    ['Authorization header', `Authorization: Bearer ${SECRET}`, 'Authorization: Bearer [redacted]']
  ])('%s', (_name, input, expected) => {
    const out = redactText(input)
    expect(out).toBe(expected)
    expect(out).not.toContain(SECRET)
  })
})

describe('redactText: ordinary text is left intact', () => {
  it.each([
    'Account state=linked after verify',
    '{"state":"linked","displayName":"Maker"}',
    '{"code":"auth/denied","message":"Access was denied"}',
    '{"token_type":"bearer","expires_in":3600}',
    'error=access_denied&error_description=User+said+no',
    'https://api.example.com/v1/items?page=2&pageSize=20',
    'grant_type=authorization_code&redirect_uri=printdock%3A%2F%2Foauth%2Fcallback',
    'Could not reach https://app.obico.io (network/offline)',
    'encode=utf8 decode=utf8'
  ])('%s', (text) => {
    expect(redactText(text)).toBe(text)
  })
})

describe('redact', () => {
  it('redacts secret-named keys and secret text inside other fields', () => {
    expect(
      redact({ body: `code=${SECRET}`, accessToken: SECRET, state: 'linked', count: 2 })
    ).toEqual({ body: 'code=[redacted]', accessToken: '[redacted]', state: 'linked', count: 2 })
  })
})
