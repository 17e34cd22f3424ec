// The plain kit: what every fake is built from. Faults and the control API are in ./faults, which
// the demo's Obico server never imports (docs/decisions/0006).
export { FakeClock } from './clock'
export { FakeServer, type FakeRequest, type RouteHandler } from './server'
export * from './responses'
export { cookieSessionUser, cookieValue, startCookieSession } from './cookie-session'
export { hiddenInputs, htmlPage, loginForm, sameSitePath, type LoginFormOptions } from './html-page'
