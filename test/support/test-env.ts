/** Environment variables through which global-setup.ts hands the servers to the tests. */
export const TEST_ENV = {
  adminUrl: 'SAMVERKAN_TEST_PG_ADMIN_URL',
  template: 'SAMVERKAN_TEST_PG_TEMPLATE',
  temporalAddress: 'SAMVERKAN_TEST_TEMPORAL_ADDRESS',
} as const;

export function testEnv(name: keyof typeof TEST_ENV): string {
  const value = process.env[TEST_ENV[name]];
  if (!value) throw new Error(`${TEST_ENV[name]} is not set: run this test through jest's integration project`);
  return value;
}

/** The test dev server suggests continue-as-new after this many history events. */
export const CONTINUE_AS_NEW_AFTER_EVENTS = 60;
