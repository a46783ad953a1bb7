export { formatDoctorReport } from './format-report';
export { runDoctor } from './run-doctor';
export type { DoctorFinding, DoctorOptions, DoctorReport } from './types';
export { requiredWebhookEvents } from './webhook-events';
