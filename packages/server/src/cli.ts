#!/usr/bin/env node
import { doctorCommand, doctorUsage } from './doctor/doctor-command';
import { reconcileCommand, reconcileUsage } from './state/reconcile-command';
import { migrateCommand, migrateUsage } from './store/migrate-command';
import type { CommandResult } from './stripe/cli-stripe';

const usage = `Usage: plankit <command>

Commands:
  doctor      check (and with --fix, repair) the Stripe account's setup for Plankit
  migrate     create or update the tables of the Postgres store
  reconcile   compare the store with Stripe, report drift (and with --fix, repair it)

${doctorUsage}

${migrateUsage}

${reconcileUsage}`;

const commands: Record<string, (args: string[]) => Promise<CommandResult>> = {
  doctor: (args) => doctorCommand(args, process.env, process.cwd()),
  migrate: (args) => migrateCommand(args, process.env),
  reconcile: (args) => reconcileCommand(args, process.env),
};

/** Where a command's output goes: a usage problem, or a migration that failed, is an error; reports are output. */
function streamFor(command: string, code: number): NodeJS.WriteStream {
  return code === 2 || (command === 'migrate' && code !== 0) ? process.stderr : process.stdout;
}

const [command, ...rest] = process.argv.slice(2);
const run = command === undefined ? undefined : commands[command];

if (run) {
  try {
    const { code, output } = await run(rest);
    streamFor(command ?? '', code).write(`${output}\n`);
    process.exitCode = code;
  } catch (error) {
    process.stderr.write(
      `plankit ${command} failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 2;
  }
} else {
  const known = command === undefined || command === '--help' || command === '-h';
  (known ? process.stdout : process.stderr).write(
    `${known ? '' : `Unknown command "${command}".\n\n`}${usage}\n`,
  );
  process.exitCode = known ? 0 : 2;
}
