#!/usr/bin/env node
import { doctorCommand, doctorUsage } from './doctor/doctor-command';
import { migrateCommand, migrateUsage } from './store/migrate-command';

const usage = `Usage: plankit <command>

Commands:
  doctor    check (and with --fix, repair) the Stripe account's setup for Plankit
  migrate   create or update the tables of the Postgres store

${doctorUsage}

${migrateUsage}`;

const [command, ...rest] = process.argv.slice(2);

if (command === 'doctor') {
  try {
    const { code, output } = await doctorCommand(rest, process.env, process.cwd());
    (code === 2 ? process.stderr : process.stdout).write(`${output}\n`);
    process.exitCode = code;
  } catch (error) {
    process.stderr.write(
      `plankit doctor failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 2;
  }
} else if (command === 'migrate') {
  const { code, output } = await migrateCommand(rest, process.env);
  (code === 0 ? process.stdout : process.stderr).write(`${output}\n`);
  process.exitCode = code;
} else {
  const known = command === undefined || command === '--help' || command === '-h';
  (known ? process.stdout : process.stderr).write(
    `${known ? '' : `Unknown command "${command}".\n\n`}${usage}\n`,
  );
  process.exitCode = known ? 0 : 2;
}
