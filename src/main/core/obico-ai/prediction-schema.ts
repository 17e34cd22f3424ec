/**
 * One record of `prediction_json` (obico-ai-and-stats.md §2.3): Django's serialisation of the
 * printer's prediction row. Only what the timeline needs is read; the rest may change freely.
 */
import { z } from 'zod'

export const predictionRecordSchema = z.object({
  model: z.literal('app.printerprediction'),
  pk: z.number().int(),
  fields: z.object({
    normalized_p: z.number().min(0).max(1).optional(),
    current_p: z.number().optional(),
    updated_at: z.string().optional()
  })
})

/** The file: an array; each element checked on its own so one bad record is one gap. */
export const predictionFileSchema = z.array(z.unknown()).max(200_000)
