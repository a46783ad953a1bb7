import { version } from 'react';
import { version as domVersion } from 'react-dom';
import { describe, expect, it } from 'vitest';

// The same suite runs as project `react` (React 19) and `react-18` (tests/react18 aliases React 18.3).
describe('React version under test', () => {
  it('is the release the project names, for react and react-dom alike', () => {
    expect(domVersion).toBe(version);
    expect(version).toMatch(process.env.PLANKIT_REACT === '18' ? /^18\.3\./ : /^19\./);
  });
});
