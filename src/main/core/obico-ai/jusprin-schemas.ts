/**
 * zod shapes of the JusPrin API (obico-ai-and-stats.md §1). Lenient where the server may differ
 * (the hosted service's richer credits object, optional reply keys), strict where a wrong shape
 * would mislead the user.
 */
import { z } from 'zod'

/** The stock server's credits row (§1.2). */
const stockCredits = z.object({
  ai_credit_free_monthly_quota: z.number().int(),
  ai_credit_used_current_month: z.number().int()
})

/** An older hosted variant (§1.1): `monthly_limit`, `used`, `available`… */
const richCredits = z.object({
  monthly_limit: z.number().nullable().optional(),
  used: z.number().optional(),
  available: z.number().nullable().optional(),
  credits_enabled: z.boolean().optional()
})

export const meSchema = z.object({
  user: z.object({ id: z.number().int() }).loose(),
  ai_credits: z.union([z.null(), stockCredits, richCredits]).catch(null)
})

export const chatRecordSchema = z.object({
  id: z.number().int(),
  messages: z.string(),
  updated_at: z.string().nullable().catch(null)
})
export type ChatRecord = z.output<typeof chatRecordSchema>

export const chatListSchema = z.array(chatRecordSchema).max(100_000)

const agentAction = z.object({
  name: z.string().min(1).max(200),
  arguments: z.record(z.string(), z.unknown()).optional()
})

/** The assistant's message of a chat turn: four shapes (§1.4). */
export const assistantMessageSchema = z.object({
  role: z.literal('assistant'),
  content: z.string().nullable(),
  agent_actions: z.array(agentAction).optional(),
  slicing_profiles: z
    .object({
      use_print_process_preset: z.string().optional(),
      filament_overrides: z.record(z.string(), z.unknown()).optional(),
      print_process_overrides: z.record(z.string(), z.unknown()).optional()
    })
    .optional(),
  per_override_explanations: z
    .array(z.object({ parameter: z.string(), explanation: z.string() }))
    .optional()
})

export const turnReplySchema = z.object({ message: assistantMessageSchema })

export const plateReplySchema = z.object({
  message: z.object({
    role: z.literal('assistant'),
    content: z.string(),
    suggested_printing_method: z.string().optional()
  })
})

/** A stored message from a chat's `messages` string: the JusPrin page's UI messages. */
export const storedMessageSchema = z
  .object({
    role: z.enum(['user', 'assistant', 'system']),
    content: z.string().nullable().optional()
  })
  .loose()

/** The server's error bodies: `{"error": …}` (402, support) or DRF's `{"detail": …}`. */
export const errorBodySchema = z
  .object({ error: z.string().max(500) })
  .or(z.object({ detail: z.string().max(500) }))
