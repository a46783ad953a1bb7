import { focusedRun } from './focused-run.mjs';

export default focusedRun('store');
