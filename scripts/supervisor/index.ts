export { createSupervisor, type Supervisor, type SupervisorOptions, type SupervisorEvent, type ServiceDefinition } from './supervisor.js';
export { createLocalSystem, type LocalSystem, type LocalSystemOptions, type LocalSystemEvent, type ReplicatedService } from './local-system.js';
export { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
