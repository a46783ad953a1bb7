import { describe, expect, it } from 'vitest';
import { formatDoctorReport } from './format-report';

describe('formatDoctorReport', () => {
  it('prints one marked line per finding, hints for problems, and a summary', () => {
    const text = formatDoctorReport({
      ok: false,
      findings: [
        { id: 'a', level: 'ok', message: 'Prices are fine.', hint: 'never shown for ok' },
        { id: 'b', level: 'warning', message: 'Login link is off.', hint: 'Turn it on.' },
        { id: 'c', level: 'error', message: 'No portal configuration.' },
        { id: 'd', level: 'ok', message: 'Created webhook endpoint we_1.', fixed: true },
      ],
      webhookEndpoint: { id: 'we_1', secret: 'whsec_abc' },
    });
    expect(text.split('\n')).toEqual([
      '✓ Prices are fine.',
      '! Login link is off.',
      '    Turn it on.',
      '✗ No portal configuration.',
      '✓ [fixed] Created webhook endpoint we_1.',
      '',
      'Not ready: 1 error, 1 warning.',
      'Webhook signing secret (shown once): whsec_abc',
    ]);
  });

  it('says ready when there is no error', () => {
    const text = formatDoctorReport({ ok: true, findings: [{ id: 'a', level: 'warning', message: 'w' }] });
    expect(text.endsWith('Ready for Plankit (1 warning).')).toBe(true);
  });
});
