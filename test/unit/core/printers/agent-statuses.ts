/**
 * Agent statuses shaped as the two real agents send them (obico-api.md §2.3, §7): OctoPrint-Obico
 * (integer `_ts`, OctoPrint's full flag set with `resuming` and `finishing`) and moonraker-obico
 * (float `_ts`, no `resuming` flag, whole numbers written as floats, a chamber sensor whose target
 * is null). Written for these tests from the reference; not copied from any project.
 */

const octoFlags = {
  operational: true,
  printing: false,
  cancelling: false,
  pausing: false,
  resuming: false,
  finishing: false,
  closedOrError: false,
  error: false,
  paused: false,
  ready: true,
  sdReady: true
}

const moonFlags = {
  operational: true,
  printing: false,
  cancelling: false,
  pausing: false,
  paused: false,
  error: false,
  ready: true,
  closedOrError: false
}

function octo(text: string, flags: Partial<typeof octoFlags>, error: string | null = null) {
  return {
    _ts: 1764700000,
    state: { text, flags: { ...octoFlags, ...flags }, error },
    job: {
      file: {
        name: 'benchy.gcode',
        path: 'benchy.gcode',
        display: 'benchy.gcode',
        origin: 'local'
      },
      estimatedPrintTime: 3600,
      lastPrintTime: null,
      filament: { tool0: { length: 2000, volume: 4.8 } },
      user: '_api'
    },
    progress: {
      completion: 42.5,
      filepos: 1000,
      printTime: 1530,
      printTimeLeft: 2070,
      printTimeLeftOrigin: 'estimate'
    },
    temperatures: {
      tool0: { actual: 214.8, target: 215, offset: 0 },
      bed: { actual: 60.1, target: 60, offset: 0 }
    },
    currentZ: 8.4,
    currentLayerHeight: 42,
    file_metadata: { analysis: { printingArea: { maxZ: 48 } }, obico: { totalLayerCount: 240 } }
  }
}

function moon(text: string, flags: Partial<typeof moonFlags>, error: string | null = null) {
  return {
    _ts: 1764700000.734,
    state: { text, flags: { ...moonFlags, ...flags }, error },
    job: {
      file: {
        name: 'calibration cube.gcode',
        path: 'calibration cube.gcode',
        display: 'calibration cube.gcode'
      }
    },
    progress: {
      completion: 10.0,
      filepos: 5000,
      printTime: 600.0,
      printTimeLeft: 5400.0,
      filamentUsed: 321.4
    },
    temperatures: {
      tool0: { actual: 215.0, target: 215.0, offset: 0 },
      bed: { actual: 70.0, target: 70.0, offset: 0 },
      chamber: { actual: 31.5, target: null, offset: 0 }
    },
    currentZ: 2.0,
    currentLayerHeight: 10.0,
    currentFanSpeed: 0.8,
    file_metadata: { obico: { totalLayerCount: 100.0 } }
  }
}

/** [label, status, expected state] */
export const STATUS_TABLE = [
  ['null status (agent offline)', null, 'offline'],
  ['OctoPrint operational', octo('Operational', {}), 'idle'],
  ['OctoPrint printing', octo('Printing', { printing: true, ready: false }), 'printing'],
  [
    'OctoPrint pausing',
    octo('Pausing', { printing: true, pausing: true, ready: false }),
    'pausing'
  ],
  ['OctoPrint paused', octo('Paused', { paused: true, ready: false }), 'paused'],
  [
    'OctoPrint resuming',
    octo('Resuming', { resuming: true, paused: true, ready: false }),
    'resuming'
  ],
  [
    'OctoPrint cancelling',
    octo('Cancelling', { cancelling: true, printing: true, ready: false }),
    'cancelling'
  ],
  [
    'OctoPrint serial closed',
    octo('Offline', { operational: false, ready: false, closedOrError: true }),
    'disconnected'
  ],
  [
    'OctoPrint firmware error',
    octo(
      'Error: Printer halted. kill() called!',
      { operational: false, error: true, closedOrError: true },
      'Printer halted. kill() called!'
    ),
    'error'
  ],
  ['moonraker standby', moon('Operational', {}), 'idle'],
  ['moonraker printing', moon('Printing', { printing: true, ready: false }), 'printing'],
  [
    'moonraker pausing',
    moon('Pausing', { printing: true, pausing: true, ready: false }),
    'pausing'
  ],
  ['moonraker paused', moon('Paused', { paused: true, ready: false }), 'paused'],
  // moonraker-obico has no `resuming` flag: the text says it.
  ['moonraker resuming (text only)', moon('Resuming', { paused: true, ready: false }), 'resuming'],
  ['moonraker cancelling', moon('Cancelling', { cancelling: true, ready: false }), 'cancelling'],
  [
    'moonraker klippy shutdown',
    moon(
      'Error: Klipper shutdown',
      { operational: false, error: true, closedOrError: true },
      'Klipper shutdown'
    ),
    'error'
  ],
  [
    'moonraker klippy not connected',
    moon('Offline', { operational: false, ready: false, closedOrError: true }),
    'disconnected'
  ],
  // A missing flag counts as disconnected in Obico's UI (§2.3).
  [
    'flags missing closedOrError',
    { _ts: 1, state: { text: 'Operational', flags: { operational: true } } },
    'disconnected'
  ],
  ['state missing', { _ts: 1 }, 'disconnected']
] as const

export const OCTO_PRINTING = octo('Printing', { printing: true, ready: false })
export const MOON_PRINTING = moon('Printing', { printing: true, ready: false })
export const OCTO_IDLE = octo('Operational', {})
export const OCTO_PAUSED = octo('Paused', { paused: true, ready: false })

/** A Printer JSON as `GET /printers/` returns it, with a real-looking `auth_token`. */
export function printerJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 7,
    name: 'Voron 2.4',
    created_at: '2026-11-22T22:27:28.244467Z',
    action_on_failure: 'PAUSE',
    watching_enabled: true,
    not_watching_reason: null,
    tools_off_on_pause: true,
    bed_off_on_pause: false,
    retract_on_pause: 6.5,
    lift_z_on_pause: 2.5,
    detective_sensitivity: 1.0,
    min_timelapse_secs_on_finish: 600,
    min_timelapse_secs_on_cancel: 300,
    auth_token: 'a1b2c3d4e5f60718293a',
    archived_at: null,
    agent_name: 'moonraker_obico',
    agent_version: '2.10.1',
    pic: {
      img_url: 'http://localhost:3334/media/tsd-pics/snapshots/7/latest_unrotated.jpg?digest=abc'
    },
    status: MOON_PRINTING,
    settings: { webcams: [], data_channel_id: '', octoprint_version: '' },
    current_print: {
      id: 31,
      printer: { id: 7, name: 'Voron 2.4', auth_token: 'a1b2c3d4e5f60718293a' },
      filename: 'calibration cube.gcode',
      started_at: '2026-12-02T10:00:00.000000Z',
      alerted_at: null,
      alert_acknowledged_at: null,
      alert_muted_at: null,
      paused_at: null
    },
    normalized_p: 0.0625,
    ...overrides
  }
}
