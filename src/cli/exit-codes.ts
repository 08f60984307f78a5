/** Exit codes (README.md, "Exit codes"): 0 ok, 1 findings at or above --fail-on, 2 usage/input error, 3 runtime failure. */
export const EXIT = { ok: 0, findings: 1, usage: 2, runtime: 3 } as const;
