import { describe, expect, it } from 'vitest'
import { readMediaAddress } from '../../../../src/main/core/printers/media-address'

describe('readMediaAddress', () => {
  const server = 'https://obico.example.com'

  it('sends credentials only to the account’s own server', () => {
    const own = readMediaAddress(`${server}/media/snap.jpg?digest=1`, server, 'snapshot')
    expect(own).toMatchObject({ ok: true, sameServer: true })
    const other = readMediaAddress('http://media.example.net/snap.jpg', server, 'snapshot')
    expect(other).toMatchObject({ ok: true, sameServer: false })
    // Same host, other port or scheme: another origin.
    expect(readMediaAddress('http://obico.example.com/a.mp4', server, 'video')).toMatchObject({
      sameServer: false
    })
  })

  it('refuses what is not an http(s) address, naming the thing', () => {
    expect(readMediaAddress('not a url', server, 'video')).toEqual({
      ok: false,
      message: 'The server sent a video address that is not valid.'
    })
    expect(readMediaAddress('file:///etc/passwd', server, 'snapshot')).toEqual({
      ok: false,
      message: 'The snapshot is not on a web address.'
    })
  })
})
