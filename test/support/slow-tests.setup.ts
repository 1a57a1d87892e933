// Tests that start servers or pass years of simulated time get up to three minutes each.
jest.setTimeout(Number(process.env.SLOW_TEST_TIMEOUT_MS ?? 180_000));
