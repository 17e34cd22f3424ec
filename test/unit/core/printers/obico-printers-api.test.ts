import { describe, expect, it } from 'vitest'
import {
  encodeTimeZone,
  settingsPatchBody
} from '../../../../src/main/core/printers/obico-printers-api'
import { datePart, outcomeOf, toPrintStats } from '../../../../src/main/core/printers/prints'
import { imageType } from '../../../../src/main/core/printers/snapshot-image'
import type { PrinterSettingsPatch } from '../../../../src/shared/models/printer'

describe('what goes to Obico', () => {
  it('a settings PATCH carries known columns only (an unknown key is a 500 on the real server)', () => {
    const patch = {
      name: 'Voron',
      detectiveSensitivity: 0.9,
      liftZOnPause: 0,
      auth_token: 'stolen',
      archived_at: '2026-01-01'
    } as PrinterSettingsPatch
    expect(settingsPatchBody(patch)).toEqual({
      name: 'Voron',
      detective_sensitivity: 0.9,
      lift_z_on_pause: 0
    })
  })

  it('time zones are percent-encoded, + included', () => {
    expect(encodeTimeZone('Etc/GMT+5')).toBe('Etc%2FGMT%2B5')
    expect(encodeTimeZone('America/New_York')).toBe('America%2FNew_York')
  })
})

describe('what comes back', () => {
  it('stats keys are read by their date part, never converted to local time', () => {
    expect(datePart('2025-03-09T00:00:00-05:00')).toBe('2025-03-09')
    expect(datePart('2025-03-10T00:00:00+00:00')).toBe('2025-03-10')
    const stats = toPrintStats({
      print_count_groups: [
        { key: '2025-03-08T00:00:00-05:00', value: 2 },
        { key: '2025-03-09T00:00:00-05:00', value: 0 }
      ],
      print_time_groups: [
        { key: '2025-03-08T00:00:00-05:00', value: 3600.5 },
        { key: '2025-03-09T00:00:00-05:00', value: 0 }
      ],
      filament_used_groups: [
        { key: '2025-03-08T00:00:00-05:00', value: 1234.5 },
        { key: '2025-03-09T00:00:00-05:00', value: 0 }
      ],
      total_print_count: 2,
      total_print_time: 3600.5,
      total_filament_used: 1234.5,
      total_cancelled_print_count: 1,
      total_succeeded_print_count: 1,
      longest_print_time: 3000.0,
      average_print_time: 1800.25
    })
    expect(stats.periods).toEqual([
      { date: '2025-03-08', printCount: 2, printTimeSeconds: 3600.5, filamentUsedMm: 1234.5 },
      { date: '2025-03-09', printCount: 0, printTimeSeconds: 0, filamentUsedMm: 0 }
    ])
    expect(stats.averagePrintTimeSeconds).toBe(1800.25)
  })

  it('a print’s outcome as Obico’s UI derives it', () => {
    const base = {
      id: 1,
      printer: null,
      filename: 'x.gcode',
      started_at: null,
      ended_at: null,
      finished_at: null,
      cancelled_at: null,
      paused_at: null,
      alerted_at: null,
      alert_overwrite: null,
      print_time: null,
      filament_used: null,
      poster_url: null,
      tagged_video_url: null
    }
    expect(outcomeOf(base)).toBe('printing')
    expect(outcomeOf({ ...base, paused_at: 'x' })).toBe('paused')
    expect(outcomeOf({ ...base, ended_at: 'x', finished_at: 'x' })).toBe('finished')
    expect(outcomeOf({ ...base, ended_at: 'x', cancelled_at: 'x' })).toBe('cancelled')
  })

  it('images are recognised by their bytes, not their declared type', () => {
    expect(imageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg')
    expect(imageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(
      'image/png'
    )
    expect(imageType(new TextEncoder().encode('<html>not an image</html>'))).toBeUndefined()
  })
})
