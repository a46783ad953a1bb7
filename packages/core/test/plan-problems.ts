import { definePlans, PlanConfigError, type PlansInput } from '../src/plans';

/** The problems `definePlans` reports for an input, word for word; none for a valid catalog. */
export function problemsOf(input: unknown): readonly string[] {
  try {
    definePlans(input as PlansInput);
  } catch (error) {
    if (error instanceof PlanConfigError) return error.problems;
    throw error;
  }
  return [];
}
