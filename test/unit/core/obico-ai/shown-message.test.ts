import { describe, expect, it } from 'vitest'
import {
  readReply,
  readStoredMessages,
  toShown
} from '../../../../src/main/core/obico-ai/shown-message'

describe('shown messages', () => {
  it('turns a slicing-settings reply into table rows, unwrapping one-element filament lists', () => {
    const { message, unknownShape } = readReply({
      message: {
        role: 'assistant',
        content: 'Stronger.',
        per_override_explanations: [{ parameter: 'wall_loops', explanation: 'More walls.' }],
        slicing_profiles: {
          use_print_process_preset: '0.20mm Standard',
          filament_overrides: { nozzle_temperature: [220] },
          print_process_overrides: { wall_loops: 4, sparse_infill_density: '40%' }
        }
      }
    })
    expect(unknownShape).toBe(false)
    expect(toShown(message)).toEqual({
      role: 'assistant',
      text: 'Stronger.',
      actions: [],
      preset: '0.20mm Standard',
      settings: [
        { scope: 'filament', parameter: 'nozzle_temperature', value: '220' },
        { scope: 'process', parameter: 'wall_loops', value: '4', explanation: 'More walls.' },
        { scope: 'process', parameter: 'sparse_infill_density', value: '40%' }
      ]
    })
  })

  it('keeps a reply of unknown shape as text instead of failing', () => {
    const odd = readReply({ message: { role: 'robot', content: 'beep' } })
    expect(odd).toEqual({ message: { role: 'assistant', content: 'beep' }, unknownShape: true })
    const worse = readReply({ surprise: 1 })
    expect(worse.unknownShape).toBe(true)
    expect(worse.message.content).toBe('{"surprise":1}')
  })

  it('reads stored chats defensively', () => {
    expect(readStoredMessages('not json')[0].role).toBe('system')
    expect(readStoredMessages('{"a":1}')).toEqual([])
    expect(
      readStoredMessages('[{"role":"user","content":"hi"},{"role":"tool","content":"x"},7]')
    ).toEqual([{ role: 'user', content: 'hi' }])
  })
})
