/**
 * Obico's AI surfaces (issue 12): the failure-prediction timeline of a print and the JusPrin
 * assistant (obico-ai-and-stats.md §1, §2). Plain data that crosses IPC and the CLI's `--json`.
 */

/** Obico's gauge bands on `normalized_p` (FailureDetectionGauge): above these, "fishy" and "failing". */
export const FISHY_ABOVE = 0.33
export const FAILING_ABOVE = 0.66

/** One detection frame; `p` null is a gap (a `{}` placeholder record, or a value not understood). */
export interface PredictionPoint {
  /** Frame index in the tagged video (frame i is at i / 30 s). */
  frame: number
  /** Wall-clock time of the detection (ms since the epoch), when known. */
  at: number | null
  /** `normalized_p`, 0–1. */
  p: number | null
}

/** A print's prediction over time, as a chart and a summary. */
export type PredictionTimeline =
  | {
      status: 'ready'
      accountId: string
      printId: number
      points: PredictionPoint[]
      /** Highest `p` and the frame where it happened. */
      peak: { p: number; frame: number; at: number | null } | null
      /** Seconds spent above each band (frame-to-frame time, gaps not counted). */
      secondsAboveFishy: number
      secondsAboveFailing: number
      /** Frames that were `{}` placeholders or unreadable. */
      gapCount: number
      /** When Obico raised its failure alert on this print (ISO), if it did. */
      alertedAt: string | null
      /** Frames per second of the print's tagged video (frame i is at i / fps seconds). */
      videoFps: number
    }
  | {
      /** The print has no tagged video, so no prediction data (decided from `tagged_video_url`). */
      status: 'none'
      accountId: string
      printId: number
      message: string
    }
  | {
      /** The server failed to hand out the file (a 500): shown as "unavailable", not as an error. */
      status: 'unavailable'
      accountId: string
      printId: number
      message: string
    }

/**
 * A print's tagged video, opened for the page (`prediction:open-video`). The signed video URL stays
 * in main: the page gets a same-origin media path that only this app answers, valid while used.
 */
export type TaggedVideo =
  | {
      ok: true
      /** `/__media/video/<token>`, on the page's own origin; unknown after 30 min unused. */
      path: string
      /** Frames per second (Obico encodes at 30): frame i shows from i / fps seconds. */
      frameRate: number
      /** Frames in the video, as many as the print's prediction records (null when unknown). */
      frames: number | null
    }
  | {
      ok: false
      reason: 'no-video' | 'too-large' | 'unreachable' | 'server-error' | 'not-a-video'
      /** Plain words, e.g. "The video's host (localhost:3334) can't be reached from this computer." */
      message: string
    }

/** AI credits from `/jusprin/api/me/` (§1.2). */
export type AiCredits =
  | { kind: 'unknown' } // `ai_credits: null`: no AI call yet, no limit known
  | { kind: 'unlimited' }
  | { kind: 'limited'; quota: number; used: number; remaining: number }

/** Whether an account's server offers the assistant, and its credits. */
export interface AssistantStatus {
  accountId: string
  offered: boolean
  /** Plain words when not offered (older server, unreachable). */
  message?: string
  credits?: AiCredits
  /** Contact support mails Obico's own address even from a self-hosted server (§1.6). */
  supportAddress: string
  /** True when the server is Obico's cloud (support goes to the people who run it). */
  serverIsObicoCloud: boolean
}

/** An action the assistant suggested; Printdock shows it, never runs it (§1.4 shape 2). */
export interface SuggestedAction {
  name: string
  /** Plain words for the action. */
  label: string
}

/** One row of a slicing-settings suggestion (§1.4 shape 4). */
export interface SettingSuggestion {
  scope: 'filament' | 'process'
  parameter: string
  value: string
  explanation?: string
}

/** A message as stored in the chat (the JusPrin page's own shape, so the chats stay shared). */
export interface ChatMessage {
  role: 'user' | 'assistant' | 'system'
  content: string | null
  agent_actions?: Array<{ name: string; arguments?: Record<string, unknown> }>
  slicing_profiles?: {
    use_print_process_preset?: string
    filament_overrides?: Record<string, unknown>
    print_process_overrides?: Record<string, unknown>
  }
  per_override_explanations?: Array<{ parameter: string; explanation: string }>
}

/** A message as the page shows it: text plus what it suggests. */
export interface ShownMessage {
  role: 'user' | 'assistant' | 'system'
  text: string
  actions: SuggestedAction[]
  preset?: string
  settings: SettingSuggestion[]
  /** The reply came in a shape Printdock does not know: shown as raw text. */
  unknownShape?: boolean
}

export interface ChatSummary {
  id: number
  title: string
  updatedAt: string | null
  messageCount: number
}

export interface ChatView {
  accountId: string
  id: number
  title: string
  messages: ShownMessage[]
}

/** What the page sends: the text, and the chat it continues (none: a new chat). */
export interface AskRequest {
  accountId: string
  chatId?: number
  text: string
  /** The UI language, sent as `?lang=`. */
  lang?: string
}

export interface AskResult {
  chat: ChatView
  reply: ShownMessage
  credits?: AiCredits
}

/** Where the plate picture comes from: a printer's current snapshot, or a picture from disk. */
export type PlateImageSource =
  { kind: 'printer'; printerId: string } | { kind: 'image'; dataUrl: string }

export interface PlateAnalysisRequest {
  accountId: string
  source: PlateImageSource
  lang?: string
}

export interface PlateAnalysis {
  /** The picture that was sent (a data URL), to show beside the answer. */
  imageDataUrl: string
  /** The model's answer (may use **bold**). */
  text: string
  suggestedPrintingMethod: string | null
  credits?: AiCredits
}
