/**
 * zod schemas for what Obico answers about printers and prints (obico-api.md §2.3, §2.4;
 * obico-ai-and-stats.md §3.2). Lenient where the real agents differ, strict where we rely on a
 * value:
 * - `status` is whatever the agent sent: OctoPrint-Obico and moonraker-obico shapes, either with
 *   keys missing; every number may be a float where an integer is expected (§7: `215.0`).
 * - Unknown keys are dropped (zod's default), so the printer's `auth_token` never survives parsing:
 *   nothing downstream can leak what it never had (§6 item 17).
 */
import { z } from 'zod'

/** A number, or null when absent or not a finite number (agents send null, strings, NaN). */
const maybeNumber = z
  .unknown()
  .optional()
  .transform((value) => (typeof value === 'number' && Number.isFinite(value) ? value : null))

/** A string, or null when absent or not a string. */
const maybeString = z
  .unknown()
  .optional()
  .transform((value) => (typeof value === 'string' ? value : null))

/** A boolean flag, or undefined when the agent did not send it ("missing" matters, §2.3). */
const maybeFlag = z
  .unknown()
  .optional()
  .transform((value) => (typeof value === 'boolean' ? value : undefined))
  .optional()

/** An object or nothing: a non-object where an object belongs reads as absent, not as an error. */
function optionalObject<T extends z.ZodType>(schema: T) {
  return z
    .unknown()
    .optional()
    .transform((value, ctx) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined
      const parsed = schema.safeParse(value)
      if (!parsed.success) {
        for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: 'custom' })
        return z.NEVER
      }
      return parsed.data as z.output<T>
    })
    .optional()
}

const temperatureSchema = z.object({ actual: maybeNumber, target: maybeNumber })

const flagsSchema = z.object({
  operational: maybeFlag,
  printing: maybeFlag,
  paused: maybeFlag,
  pausing: maybeFlag,
  resuming: maybeFlag,
  cancelling: maybeFlag,
  finishing: maybeFlag,
  error: maybeFlag,
  ready: maybeFlag,
  closedOrError: maybeFlag
})

/** The agent's status: OctoPrint's `get_current_data()` plus extras (obico-api.md §2.3). */
export const agentStatusSchema = z.object({
  _ts: maybeNumber,
  state: optionalObject(
    z.object({
      text: maybeString,
      flags: optionalObject(flagsSchema),
      error: maybeString
    })
  ),
  job: optionalObject(
    z.object({
      file: optionalObject(
        z.object({ name: maybeString, display: maybeString, path: maybeString })
      ),
      estimatedPrintTime: maybeNumber
    })
  ),
  progress: optionalObject(
    z.object({
      completion: maybeNumber,
      printTime: maybeNumber,
      printTimeLeft: maybeNumber
    })
  ),
  temperatures: z
    .unknown()
    .optional()
    .transform((value) =>
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : {}
    )
    .pipe(z.record(z.string(), z.unknown())),
  /** Despite the name, the current layer number (obico-api.md §2.3). */
  currentLayerHeight: maybeNumber,
  file_metadata: optionalObject(
    z.object({ obico: optionalObject(z.object({ totalLayerCount: maybeNumber })) })
  )
})
/** A parsed agent status. */
export type AgentStatus = z.output<typeof agentStatusSchema>

/** Reads one heater of `temperatures`; a malformed entry reads as absent. */
export function temperatureOf(
  status: AgentStatus,
  heater: string
): { actual: number | null; target: number | null } | null {
  const parsed = temperatureSchema.safeParse(status.temperatures[heater])
  return parsed.success ? parsed.data : null
}

const isoTime = z.string().min(1).max(64)

/** The base Print nested as `current_print` (obico-api.md §2.4). */
const currentPrintSchema = z.object({
  id: z.number().int(),
  filename: z.string().nullable().catch(null),
  started_at: isoTime.nullable().catch(null),
  alerted_at: isoTime.nullable().catch(null),
  alert_acknowledged_at: isoTime.nullable().catch(null),
  alert_muted_at: isoTime.nullable().catch(null),
  paused_at: isoTime.nullable().catch(null)
})

/** One Printer of `GET /api/v1/printers/` (obico-api.md §2.3). */
export const obicoPrinterSchema = z.object({
  id: z.number().int().nonnegative(),
  name: z.string().max(1024),
  action_on_failure: z.enum(['PAUSE', 'NONE']).catch('PAUSE'),
  watching_enabled: z.boolean().catch(false),
  not_watching_reason: z.string().nullable().catch(null),
  tools_off_on_pause: z.boolean().catch(true),
  bed_off_on_pause: z.boolean().catch(false),
  retract_on_pause: z.number().catch(6.5),
  lift_z_on_pause: z.number().catch(2.5),
  detective_sensitivity: z.number().catch(1),
  archived_at: isoTime.nullable().catch(null),
  agent_name: z.string().nullable().catch(null),
  pic: z
    .object({ img_url: z.string().max(4096) })
    .nullable()
    .catch(null),
  // Null means offline (§2.3); an unreadable status is treated the same way, never a crash.
  status: agentStatusSchema.nullable().catch(null),
  current_print: currentPrintSchema.nullable().catch(null),
  normalized_p: z.number().catch(0)
})
/** A parsed Printer, without `auth_token` or anything else we do not use. */
export type ObicoPrinter = z.output<typeof obicoPrinterSchema>

/**
 * The whole list. It must be an array of objects with an id and a name; a single malformed printer
 * makes the reply malformed (the account shows an error state) rather than silently dropping it.
 */
export const obicoPrinterListSchema = z.array(obicoPrinterSchema).max(10_000)

/** The `{succeeded, printer}` reply of the printer actions (§2.3, §2.8). */
export const actionReplySchema = z.object({
  succeeded: z.boolean(),
  printer: obicoPrinterSchema.optional().catch(undefined)
})

/** One Print of `GET /api/v1/prints/` (obico-api.md §2.4). */
export const obicoPrintSchema = z.object({
  id: z.number().int(),
  printer: z.object({ id: z.number().int(), name: z.string() }).nullable().catch(null),
  filename: z.string().catch(''),
  started_at: isoTime.nullable().catch(null),
  ended_at: isoTime.nullable().catch(null),
  finished_at: isoTime.nullable().catch(null),
  cancelled_at: isoTime.nullable().catch(null),
  paused_at: isoTime.nullable().catch(null),
  alerted_at: isoTime.nullable().catch(null),
  alert_overwrite: z.enum(['FAILED', 'NOT_FAILED']).nullable().catch(null),
  print_time: z.number().nullable().catch(null),
  filament_used: z.number().nullable().catch(null),
  poster_url: z.string().nullable().catch(null),
  /** Set only when the print has failure-prediction data (obico-ai-and-stats.md §2.4). */
  tagged_video_url: z.string().nullable().catch(null)
})
/** A parsed Print (its nested printer's `auth_token` is dropped). */
export type ObicoPrint = z.output<typeof obicoPrintSchema>

export const obicoPrintListSchema = z.array(obicoPrintSchema).max(10_000)

const statsGroupSchema = z.array(z.object({ key: z.string(), value: z.number() })).max(100_000)

/** `GET /api/v1/prints/stats/` (obico-ai-and-stats.md §3.2): every number may be a float. */
export const printStatsSchema = z.object({
  print_count_groups: statsGroupSchema,
  print_time_groups: statsGroupSchema,
  filament_used_groups: statsGroupSchema,
  total_print_count: z.number(),
  total_print_time: z.number(),
  total_filament_used: z.number(),
  total_cancelled_print_count: z.number(),
  total_succeeded_print_count: z.number(),
  longest_print_time: z.number(),
  average_print_time: z.number()
})
