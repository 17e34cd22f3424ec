/**
 * The one list of IPC channel names. Everything else derives from it: `contract.ts` declares a
 * signature and a zod schema per name (checked against this list at compile time), main registers
 * a handler per name, and the preload builds `window.api` from it.
 *
 * Zod-free and import-free on purpose: the sandboxed preload bundles this file, and the browser
 * harness serves it as is.
 *
 * Naming: `domain:verb-noun`; the api exposes `api.<domain>.<verbNoun>()` and `api.<domain>.on<Noun>()`.
 */

/** Renderer → main calls. */
export const INVOKE_CHANNELS = [
  'app:get-info',
  'settings:get',
  'settings:update',
  'accounts:list',
  'accounts:watch',
  'accounts:list-providers',
  'accounts:start-link',
  'accounts:cancel-link',
  'accounts:complete-link',
  'accounts:link-with-secret',
  'accounts:sign-in-with-password',
  'accounts:unlink',
  'demo:start',
  'leases:release',
  'files:register-path',
  // Printers (issue 9): a watch with pushed changes, commands and their confirmation, history.
  'printers:list',
  'printers:watch',
  'printers:refresh',
  'printers:command',
  'printers:acknowledge-alert',
  'printers:mute',
  'printers:update-settings',
  'printers:snapshot-image',
  'printers:temperature-history',
  'printers:get-preferences',
  'printers:update-preferences',
  'prints:list',
  'prints:delete',
  'prints:stats',
  'mesh:inspect',
  'mesh:cancel-inspect',
  'repair:status',
  'repair:watch',
  'repair:start',
  'repair:cancel',
  'repair:choose-destination',
  'repair:result-preview',
  'repair:history',
  // Provider pages (issue 13)
  'pages:read',
  'pages:watch',
  'pages:device-details',
  'pages:send-message',
  'pages:remove-subscription',
  // Obico's AI (issue 12): a print's prediction timeline and the JusPrin assistant.
  'prediction:timeline',
  'prediction:open-video',
  'assistant:status',
  'assistant:list-chats',
  'assistant:open-chat',
  'assistant:rename-chat',
  'assistant:delete-chat',
  'assistant:ask',
  'assistant:analyze-plate',
  'assistant:cancel',
  'assistant:contact-support',
  // The G-code library and its upload queue (issue 10).
  'library:list',
  'library:folders',
  'library:create-folder',
  'library:rename-folder',
  'library:rename-file',
  'library:move',
  'library:delete',
  'library:folder-contents',
  'library:upload-limit',
  'library:thumbnail',
  'library:download',
  'library:printers',
  'library:print',
  'uploads:watch',
  'uploads:enqueue',
  'uploads:pick',
  'uploads:cancel',
  'uploads:retry',
  'uploads:clear-finished'
] as const

/** Main → renderer events. */
export const EVENT_CHANNELS = [
  'accounts:changed',
  'accounts:link-finished',
  'app:notice',
  'printers:changed',
  'printers:open',
  'repair:changed',
  'pages:changed',
  'uploads:changed'
] as const

/**
 * Invoke channels the page never reaches directly: the preload calls them from a preload-local
 * verb (see `PreloadVerbs` in api-shape.ts). `files:register-path` takes a filesystem path, which a
 * compromised page must not be able to choose; the page only hands the preload a dropped `File`.
 */
export const PRELOAD_ONLY_CHANNELS = ['files:register-path'] as const

/** The name of an invoke channel. */
export type InvokeChannel = (typeof INVOKE_CHANNELS)[number]
/** The name of an event channel. */
export type EventChannel = (typeof EVENT_CHANNELS)[number]
/** An invoke channel only the preload may call. */
export type PreloadOnlyChannel = (typeof PRELOAD_ONLY_CHANNELS)[number]
/** An invoke channel the page's api forwards as is. */
export type PageInvokeChannel = Exclude<InvokeChannel, PreloadOnlyChannel>

/** The invoke channels `window.api` forwards as plain verbs (all but the preload-only ones). */
export const PAGE_INVOKE_CHANNELS = INVOKE_CHANNELS.filter(
  (channel): channel is PageInvokeChannel =>
    !(PRELOAD_ONLY_CHANNELS as readonly string[]).includes(channel)
)
