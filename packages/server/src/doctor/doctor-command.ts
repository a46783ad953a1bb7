import { parseArgs } from 'node:util';
import { type CommandResult, refuseStripeTarget, stripeFor } from '../stripe/cli-stripe';
import { type PlanChangeProrationBehavior, prorationBehaviors } from '../subscriptions/proration-behavior';
import { formatDoctorReport } from './format-report';
import { loadPlans } from './load-plans';
import { runDoctor } from './run-doctor';
import type { DoctorReport } from './types';

export type { CommandResult } from '../stripe/cli-stripe';

export const doctorUsage = `Usage: plankit doctor [options]

Checks that your Stripe account is set up for Plankit. The key comes from STRIPE_SECRET_KEY.

Options:
  --plans <file>                 plan catalog: JSON (definePlans input) or a module exporting it (default: plans.json)
  --webhook-url <url>            absolute URL of your webhook route; checks its endpoint and events
  --portal-configuration <id>    the portal configuration to check (default: the account's default)
  --return-url <url>             the portal's default return URL
  --retention-coupon <id>        the coupon offered before cancelling
  --proration-behavior <value>   how plan changes are billed, as createPlankit's planChange.prorationBehavior:
                                 always_invoice, create_prorations (default) or none; the portal must match
  --fix                          create or update the portal configuration and the webhook endpoint
  --emulator <url>               talk to a running @plankit/stripe-emulator, e.g. http://127.0.0.1:12111
                                 (plain http only to loopback: the secret key travels with every request)
  --json                         print the report as JSON (without a new webhook signing secret)
  --show-secret                  with --json, include a webhook signing secret that --fix created
  -h, --help                     show this help`;

/** Runs `plankit doctor` with the arguments after the command name. */
export async function doctorCommand(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<CommandResult> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(args).values;
  } catch (error) {
    return { code: 2, output: `${error instanceof Error ? error.message : String(error)}\n\n${doctorUsage}` };
  }
  if (values.help) return { code: 0, output: doctorUsage };
  const secretKey = env.STRIPE_SECRET_KEY?.trim();
  const refused = refuseStripeTarget(secretKey, values.emulator);
  if (refused || !secretKey) return { code: 2, output: refused ?? '' };
  const proration = values['proration-behavior'];
  if (proration !== undefined && !(prorationBehaviors as readonly string[]).includes(proration)) {
    return {
      code: 2,
      output: `--proration-behavior "${proration}" is not one of ${prorationBehaviors.join(', ')}.`,
    };
  }
  let plans: Awaited<ReturnType<typeof loadPlans>>;
  try {
    plans = await loadPlans(values.plans ?? 'plans.json', cwd);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      code: 2,
      output: `Could not load the plan catalog from ${values.plans ?? 'plans.json'}:\n${message}`,
    };
  }
  const report = await runDoctor({
    stripe: stripeFor(secretKey, values.emulator),
    plans,
    secretKey,
    fix: values.fix === true,
    ...(values['webhook-url'] ? { webhookUrl: values['webhook-url'] } : {}),
    ...(values['retention-coupon'] ? { retentionCouponId: values['retention-coupon'] } : {}),
    ...(proration ? { prorationBehavior: proration as PlanChangeProrationBehavior } : {}),
    portal: {
      ...(values['portal-configuration'] ? { configuration: values['portal-configuration'] } : {}),
      ...(values['return-url'] ? { returnUrl: values['return-url'] } : {}),
    },
  });
  return {
    code: report.ok ? 0 : 1,
    output: values.json
      ? JSON.stringify(values['show-secret'] ? report : withoutSecret(report), null, 2)
      : formatDoctorReport(report),
  };
}

/** JSON output goes to CI logs and files: a signing secret stays out unless `--show-secret` asks for it. */
function withoutSecret(report: DoctorReport): DoctorReport {
  if (!report.webhookEndpoint?.secret) return report;
  return { ...report, webhookEndpoint: { id: report.webhookEndpoint.id } };
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      plans: { type: 'string' },
      'webhook-url': { type: 'string' },
      'portal-configuration': { type: 'string' },
      'return-url': { type: 'string' },
      'retention-coupon': { type: 'string' },
      'proration-behavior': { type: 'string' },
      fix: { type: 'boolean' },
      emulator: { type: 'string' },
      json: { type: 'boolean' },
      'show-secret': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
