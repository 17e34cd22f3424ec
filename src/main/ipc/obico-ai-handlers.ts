/**
 * Handlers for `prints:prediction` and `assistant:*` (issue 12): thin calls into ObicoAiService.
 */
import type { ObicoAiService } from '../core/obico-ai/obico-ai-service'
import type { HandlerMap } from './handler-types'

export interface ObicoAiHandlerDeps {
  obicoAi: ObicoAiService
}

type ObicoAiChannels = Extract<keyof HandlerMap, `assistant:${string}` | `prediction:${string}`>

export function obicoAiHandlers(deps: ObicoAiHandlerDeps): Pick<HandlerMap, ObicoAiChannels> {
  const ai = deps.obicoAi
  return {
    'prediction:timeline': (accountId, printId) => ai.predictionTimeline(accountId, printId),
    'prediction:open-video': (accountId, printId) => ai.openTaggedVideo(accountId, printId),
    'assistant:status': (accountId, lang) => ai.status(accountId, lang),
    'assistant:list-chats': (accountId) => ai.listChats(accountId),
    'assistant:open-chat': (accountId, chatId) => ai.openChat(accountId, chatId),
    'assistant:rename-chat': (accountId, chatId, title) => ai.renameChat(accountId, chatId, title),
    'assistant:delete-chat': (accountId, chatId) => ai.deleteChat(accountId, chatId),
    'assistant:ask': (operationId, request) => ai.ask(operationId, request),
    'assistant:analyze-plate': (operationId, request) => ai.analyzePlate(operationId, request),
    'assistant:cancel': (operationId) => ai.cancel(operationId),
    'assistant:contact-support': (accountId, message, lang) =>
      ai.contactSupport(accountId, message, lang)
  }
}
