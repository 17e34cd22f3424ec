import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import {
  awaitDemoServer,
  DemoServerStartError,
  type DemoServerChild
} from '../../../../src/main/demo/demo-server-process'

/** A child process stand-in: the test says what it sends and when it exits. */
class ScriptedChild extends EventEmitter implements DemoServerChild {
  kills = 0
  kill(): boolean {
    this.kills++
    // A real child exits shortly after SIGTERM.
    setImmediate(() => this.emit('exit', null))
    return true
  }
}

const LISTENING = {
  type: 'listening',
  origin: 'http://127.0.0.1:41234',
  clientId: 'printdock-desktop'
}

describe('awaitDemoServer', () => {
  it('resolves with the origin and client ID the child reports', async () => {
    const child = new ScriptedChild()
    const started = awaitDemoServer(child)
    child.emit('message', LISTENING)
    const server = await started
    expect(server).toMatchObject({ origin: LISTENING.origin, clientId: LISTENING.clientId })
    expect(child.kills).toBe(0)
  })

  it.each([
    ['another host', { ...LISTENING, origin: 'http://0.0.0.0:41234' }],
    ['a path', { ...LISTENING, origin: 'http://127.0.0.1:41234/x' }],
    ['an extra field', { ...LISTENING, control: 'http://127.0.0.1:41234/__sandbox' }],
    ['no client ID', { type: 'listening', origin: LISTENING.origin }],
    ['not an object', 'listening']
  ])('kills a child whose first message has %s, and rejects', async (_label, message) => {
    const child = new ScriptedChild()
    const started = awaitDemoServer(child)
    child.emit('message', message)
    await expect(started).rejects.toBeInstanceOf(DemoServerStartError)
    expect(child.kills).toBe(1)
  })

  it('rejects when the child exits before it listens, without killing it again', async () => {
    const child = new ScriptedChild()
    const started = awaitDemoServer(child)
    child.emit('exit', 1)
    await expect(started).rejects.toThrow('The demo server did not start: it exited with code 1.')
    expect(child.kills).toBe(0)
  })

  it('kills a child that stays silent past the timeout, and rejects', async () => {
    const child = new ScriptedChild()
    await expect(awaitDemoServer(child, { timeoutMs: 50 })).rejects.toThrow(/no answer within/)
    expect(child.kills).toBe(1)
  })

  it('stop() kills the child and resolves once it has exited; exited settles either way', async () => {
    const child = new ScriptedChild()
    const started = awaitDemoServer(child)
    child.emit('message', LISTENING)
    const server = await started
    let exited = false
    void server.exited.then(() => (exited = true))
    await server.stop()
    expect(child.kills).toBe(1)
    expect(exited).toBe(true)
    await server.stop() // already gone: no second kill
    expect(child.kills).toBe(1)
  })
})
