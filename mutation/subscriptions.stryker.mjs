import { focusedRun } from './focused-run.mjs';

export default focusedRun('subscriptions');
