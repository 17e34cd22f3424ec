import { FakeClock } from '../kit'
import { FaultableServer, mountControlRoutes } from '../kit/faults'
import { startObicoServer, type ObicoServer, type ObicoServerOptions } from './obico-server'
import { mountPrinterControlRoutes } from './printer-controls'

export { DEMO_CLIENT_ID, DEMO_FREE_USER, DEMO_REDIRECT_URIS, DEMO_USER, sampleGcode } from './seed'
export { ACCESS_TOKEN_EXPIRE_SECONDS, AUTHORIZATION_CODE_EXPIRE_SECONDS } from './oauth-routes'
export { FREE_UPLOAD_LIMIT, PRO_UPLOAD_LIMIT } from './gcode-upload'
export {
  CANCELLING_MS,
  DEFAULT_AGENT_BEHAVIOUR,
  PAUSING_MS,
  RESUMING_MS,
  type AgentBehaviour,
  type CommandFrame,
  type PublishedCommand
} from './printer-sim'
export type { ObicoClient, ObicoPrinter, ObicoUser } from './types'

export {
  PRINTER_SCENARIOS,
  startObicoServer,
  type ObicoPrinterControls,
  type PrinterScenario,
  type ObicoServer,
  type ObicoServerOptions,
  type RegisterClientOptions,
  type SimulatedPrintOptions
} from './obico-server'

/** Options of `startObicoFake`. */
export interface ObicoFakeOptions extends ObicoServerOptions {
  clock?: FakeClock
}

/** The Obico fake that tests drive: faults on its server, the clock and faults over HTTP. */
export type ObicoFake = ObicoServer<FaultableServer>

/**
 * Starts the Obico fake for tests, scripts and `npm run sandbox`: a faithful local Obico with
 * fault injection and the `/__sandbox` control routes.
 */
export async function startObicoFake(options: ObicoFakeOptions = {}): Promise<ObicoFake> {
  const server = new FaultableServer({ name: 'obico', clock: options.clock ?? new FakeClock() })
  mountControlRoutes(server)
  const fake = await startObicoServer(server, options)
  mountPrinterControlRoutes(server, fake.printers)
  return fake
}
