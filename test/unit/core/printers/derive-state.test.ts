import { describe, expect, it } from 'vitest'
import { derivePrinterState } from '../../../../src/main/core/printers/derive-state'
import { agentStatusSchema } from '../../../../src/main/core/printers/obico-schemas'
import { STATUS_TABLE } from './agent-statuses'

describe('derivePrinterState over both agents’ statuses', () => {
  it.each(STATUS_TABLE)('%s → %s', (_label, raw, expected) => {
    const status = raw === null ? null : agentStatusSchema.parse(raw)
    expect(derivePrinterState(status)).toBe(expected)
  })
})
