import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { DEMO_CLIENT_ID, DEMO_USER } from '../../fakes/obico'
import { forkDemoServer } from '../../fakes/obico/fork-demo-server'

/**
 * The demo's Obico server as its own process (test/fakes/obico/demo-server.ts): what the app
 * runs behind "Try the demo". The built bundle of it is checked in
 * test/unit/tooling/main-bundle.test.ts.
 */
describe('the demo server process', () => {
  it('reports a 127.0.0.1 origin, serves the demo sign-in, and has no control or fault routes', async () => {
    const server = await forkDemoServer()
    try {
      expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(server.clientId).toBe(DEMO_CLIENT_ID)
      const login = await (await fetch(`${server.origin}/accounts/login/`)).text()
      expect(login).toContain(`id="demo-username">${DEMO_USER.email}<`)
      for (const [method, path] of [
        ['POST', '/__sandbox/clock/advance?ms=1000'],
        ['POST', '/__sandbox/faults'],
        ['DELETE', '/__sandbox/faults']
      ] as const) {
        const response = await fetch(`${server.origin}${path}`, {
          method,
          headers: { 'content-type': 'application/json' },
          body:
            method === 'POST' ? JSON.stringify({ fault: { kind: 'latency', ms: 1 } }) : undefined
        })
        expect(response.status, `${method} ${path}`).toBe(404)
      }
    } finally {
      await server.stop()
    }
    await expect(fetch(`${server.origin}/accounts/login/`)).rejects.toThrow()
  })

  it('ends with its parent, however the parent ends', async () => {
    // A parent that forks the demo server, prints its origin and is then killed outright.
    const parent = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--eval',
        "import('./test/fakes/obico/fork-demo-server.ts').then(async ({ forkDemoServer }) => {" +
          ' const server = await forkDemoServer(); process.stdout.write(server.origin + "\\n") })'
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] }
    )
    const origin = await new Promise<string>((resolve, reject) => {
      let out = ''
      parent.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        if (out.includes('\n')) resolve(out.trim())
      })
      parent.once('exit', (code) => reject(new Error(`the parent exited first (${code})`)))
    })
    expect((await fetch(`${origin}/accounts/login/`)).status).toBe(200)
    parent.kill('SIGKILL')
    await expect
      .poll(
        () =>
          fetch(`${origin}/accounts/login/`).then(
            () => 'still serving',
            () => 'gone'
          ),
        { timeout: 10_000 }
      )
      .toBe('gone')
  })
})
