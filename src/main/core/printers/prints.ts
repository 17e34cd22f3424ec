/**
 * Obico's Prints and print stats → Printdock's history models (obico-api.md §2.4,
 * obico-ai-and-stats.md §3.2).
 */
import type { z } from 'zod'
import type { PrintOutcome, PrintRecord, PrintStats } from '../../../shared/models/printer'
import { printerIdOf } from './normalise-printer'
import type { ObicoPrint, printStatsSchema } from './obico-schemas'

/** One Print as a history row; the outcome derived as Obico's UI derives it. */
export function toPrintRecord(accountId: string, print: ObicoPrint): PrintRecord {
  return {
    id: print.id,
    accountId,
    printerId: print.printer ? printerIdOf(accountId, print.printer.id) : null,
    printerName: print.printer?.name ?? null,
    fileName: print.filename,
    outcome: outcomeOf(print),
    startedAt: print.started_at,
    endedAt: print.ended_at ?? print.cancelled_at ?? print.finished_at,
    printTimeSeconds: print.print_time,
    filamentUsedMm: print.filament_used,
    alertedAt: print.alerted_at,
    alertVerdict:
      print.alert_overwrite === 'FAILED'
        ? 'failed'
        : print.alert_overwrite === 'NOT_FAILED'
          ? 'not-failed'
          : null,
    posterUrl: print.poster_url,
    hasPrediction: print.tagged_video_url !== null
  }
}

/** Ended → cancelled if `cancelled_at`, else finished; not ended → paused if `paused_at`, else printing. */
export function outcomeOf(print: ObicoPrint): PrintOutcome {
  if (print.cancelled_at) return 'cancelled'
  if (print.finished_at || print.ended_at) return 'finished'
  return print.paused_at ? 'paused' : 'printing'
}

/**
 * The stats reply as periods. Each key is the period start with `from_date`'s UTC offset, which
 * drifts across DST; the date part is the period's real first day, so only it is read (§3.2).
 */
export function toPrintStats(reply: z.output<typeof printStatsSchema>): PrintStats {
  const periods = reply.print_count_groups.map((group, index) => ({
    date: datePart(group.key),
    printCount: group.value,
    printTimeSeconds: reply.print_time_groups[index]?.value ?? 0,
    filamentUsedMm: reply.filament_used_groups[index]?.value ?? 0
  }))
  return {
    periods,
    totalPrintCount: reply.total_print_count,
    totalPrintTimeSeconds: reply.total_print_time,
    totalFilamentUsedMm: reply.total_filament_used,
    cancelledPrintCount: reply.total_cancelled_print_count,
    succeededPrintCount: reply.total_succeeded_print_count,
    longestPrintTimeSeconds: reply.longest_print_time,
    averagePrintTimeSeconds: reply.average_print_time
  }
}

/** `"2025-03-09T00:00:00-05:00"` → `"2025-03-09"`, never converted to local time. */
export function datePart(key: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(key)
  return match ? match[1] : key
}
