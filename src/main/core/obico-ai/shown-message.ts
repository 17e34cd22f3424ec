/**
 * Turns JusPrin messages into what Printdock shows: text, suggested actions (never executed) and
 * slicing settings as table rows (obico-ai-and-stats.md §1.4).
 */
import type {
  ChatMessage,
  SettingSuggestion,
  ShownMessage,
  SuggestedAction
} from '../../../shared/models/obico-ai'
import { assistantMessageSchema, storedMessageSchema } from './jusprin-schemas'

/** Plain words for the actions JusPrin can ask its slicer to take. */
const ACTION_LABELS: Record<string, string> = {
  start_chat_over: 'Start the chat over',
  slice_model: 'Slice the model',
  auto_orient_all_models: 'Auto-orient all models',
  auto_arrange_all_models: 'Auto-arrange all models',
  add_printers: 'Add printers',
  change_printer: 'Change the printer',
  add_filaments: 'Add filaments',
  change_filament: 'Change the filament',
  contact_support: 'Contact support'
}

export function actionLabel(name: string): string {
  return ACTION_LABELS[name] ?? name.replaceAll('_', ' ')
}

/** A value as a table cell: filament values come wrapped in one-element lists (§1.4). */
function cell(value: unknown): string {
  const inner = Array.isArray(value) && value.length === 1 ? value[0] : value
  return typeof inner === 'string' ? inner : JSON.stringify(inner)
}

/** A stored or received message as shown. */
export function toShown(message: ChatMessage): ShownMessage {
  const actions: SuggestedAction[] = (message.agent_actions ?? []).map((a) => ({
    name: a.name,
    label: actionLabel(a.name)
  }))
  const explanations = new Map(
    (message.per_override_explanations ?? []).map((e) => [e.parameter, e.explanation])
  )
  const settings: SettingSuggestion[] = []
  const profiles = message.slicing_profiles
  for (const [parameter, value] of Object.entries(profiles?.filament_overrides ?? {})) {
    settings.push({
      scope: 'filament',
      parameter,
      value: cell(value),
      explanation: explanations.get(parameter)
    })
  }
  for (const [parameter, value] of Object.entries(profiles?.print_process_overrides ?? {})) {
    settings.push({
      scope: 'process',
      parameter,
      value: cell(value),
      explanation: explanations.get(parameter)
    })
  }
  let text = message.content ?? ''
  if (!text && actions.length > 0) text = 'The assistant suggests an action in the slicer.'
  return {
    role: message.role,
    text,
    actions,
    ...(profiles?.use_print_process_preset ? { preset: profiles.use_print_process_preset } : {}),
    settings: settings.map((s) => (s.explanation === undefined ? dropExplanation(s) : s))
  }
}

function dropExplanation(s: SettingSuggestion): SettingSuggestion {
  return { scope: s.scope, parameter: s.parameter, value: s.value }
}

/**
 * A turn's reply: the known shapes become a ChatMessage; anything else is kept as text so the
 * panel shows it instead of failing (`unknownShape`).
 */
export function readReply(body: unknown): { message: ChatMessage; unknownShape: boolean } {
  const wrapped = (body as { message?: unknown } | null)?.message
  const parsed = assistantMessageSchema.safeParse(wrapped)
  if (parsed.success) return { message: parsed.data, unknownShape: false }
  const content =
    typeof (wrapped as { content?: unknown })?.content === 'string'
      ? (wrapped as { content: string }).content
      : JSON.stringify(body ?? null).slice(0, 4000)
  return { message: { role: 'assistant', content }, unknownShape: true }
}

/** A chat's `messages` string as messages; an unreadable one becomes one note, not an error. */
export function readStoredMessages(raw: string): ChatMessage[] {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return [{ role: 'system', content: 'This chat was saved in a form Printdock cannot read.' }]
  }
  if (!Array.isArray(value)) return []
  const out: ChatMessage[] = []
  for (const item of value) {
    const parsed = storedMessageSchema.safeParse(item)
    if (parsed.success) out.push(parsed.data as ChatMessage)
  }
  return out
}
