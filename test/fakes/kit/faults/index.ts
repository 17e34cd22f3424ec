export { FaultInjector, type Fault, type FaultRule } from './fault-injector'
export { FaultableServer, type RequestFaultStats } from './faultable-server'
export { mountControlRoutes } from './control-routes'
