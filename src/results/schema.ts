import { z } from 'zod';

/**
 * results.json, schemaVersion 1 (docs/architecture.md, "Contracts"). Strict: unknown keys are rejected,
 * so drift between what we write and what we document fails loudly in tests.
 * Observations are family-specific plain JSON and are kept open here; each scanner documents
 * its own observation type.
 */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const OUTCOMES = ['pass', 'fail', 'error', 'not_applicable', 'unanswered'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const FAMILIES = ['ports', 'tls', 'http', 'questionnaire', 'ssh'] as const;
export type Family = (typeof FAMILIES)[number];
export const TARGET_STATUSES = ['ok', 'error', 'out-of-scope'] as const;

/** Severity rank: higher is worse. */
export const SEVERITY_RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

const localized = z.object({ vi: z.string(), en: z.string() }).strict();

export const targetEntrySchema = z
  .object({
    key: z.string(),
    unit: z.string(),
    system: z.string(),
    family: z.enum(FAMILIES),
    target: z.string(),
    address: z.string().optional(),
    status: z.enum(TARGET_STATUSES),
    error: z.object({ code: z.string(), message: localized }).strict().optional(),
    durationMs: z.number().nonnegative(),
  })
  .strict();

export const resultSchema = z
  .object({
    checkId: z.string(),
    unit: z.string(),
    system: z.string(),
    target: z.string(),
    /** The observation key (targets[].key) this result was judged from. */
    targetKey: z.string().optional(),
    outcome: z.enum(OUTCOMES),
    severity: z.enum(SEVERITIES),
    fingerprint: z.string().regex(/^[0-9a-f]{24}$/),
    evidence: z.record(z.string(), z.unknown()),
    message: localized,
    /** For findings inferred from banners: how sure we are, and why. */
    confidence: z.enum(['confirmed', 'likely', 'needs-verification']).optional(),
    /** Results judged per framework (questionnaire conflicts): the framework id. */
    framework: z.string().optional(),
  })
  .strict();

const severityCounts = z.object({ critical: z.number(), high: z.number(), medium: z.number(), low: z.number(), info: z.number() }).strict();
const outcomeCounts = z
  .object({ pass: z.number(), fail: z.number(), error: z.number(), not_applicable: z.number(), unanswered: z.number() })
  .strict();

export const summarySchema = z
  .object({
    targets: z.object({ total: z.number(), ok: z.number(), error: z.number(), outOfScope: z.number() }).strict(),
    outcomes: outcomeCounts,
    /** Failed and unanswered results by severity. */
    findingsBySeverity: severityCounts,
    units: z.array(
      z
        .object({
          unit: z.string(),
          outcomes: outcomeCounts,
          findingsBySeverity: severityCounts,
        })
        .strict(),
    ),
    /** Grades per target where a family grades (tls, http): observation key → grade. */
    grades: z.record(z.string(), z.string()),
  })
  .strict();

/** Everything results.json says besides its targets, observations, results and summary. */
const headerShape = {
    /** 1: every result spelled out; 2: repeated values kept once in `shared` (docs/results.md). Readers see both alike. */
    schemaVersion: z.union([z.literal(1), z.literal(2)]),
    tool: z.object({ name: z.literal('attt'), version: z.string() }).strict(),
    organization: z.object({ name: z.string(), code: z.string().optional(), parent: z.string().optional() }).strict(),
    cycle: z.string(),
    startedAt: z.string().datetime(),
    finishedAt: z.string().datetime(),
    interrupted: z.boolean(),
    /** The inventory the audit ran from (path as given) and the units audited. */
    inventory: z
      .object({
        file: z.string(),
        frameworks: z.array(z.string()),
        /** The inventory's `report:` block (document number, place, recipients…), as written. */
        report: z.record(z.string(), z.unknown()).optional(),
        units: z.array(
          z
            .object({
              id: z.string(),
              name: z.string(),
              head: z.object({ name: z.string(), title: z.string() }).strict().optional(),
              /** The unit's own `report:` block (its symbol, addressees, preparer), as written. */
              report: z.record(z.string(), z.unknown()).optional(),
              owner: z.object({ name: z.string(), email: z.string().optional() }).strict().optional(),
              systems: z.array(
                z
                  .object({
                    id: z.string(),
                    name: z.string(),
                    level: z.number().int().optional(),
                    /** The decision approving the system's security level. */
                    approval: z.object({ decision: z.string(), date: z.string().optional() }).strict().optional(),
                    questionnaires: z.array(z.string()),
                    owner: z.object({ name: z.string(), email: z.string().optional() }).strict().optional(),
                  })
                  .strict(),
              ),
            })
            .strict(),
        ),
      })
      .strict(),
};

/** results.json as readers see it (both versions, once version 2's catalogue is resolved). */
export const resultsSchema = z
  .object({ ...headerShape, targets: z.array(targetEntrySchema), observations: z.record(z.string(), z.unknown()), results: z.array(resultSchema), summary: summarySchema })
  .strict();

/** The file's outline, checked before its targets and results are checked one by one (src/results/read.ts). */
export const resultsEnvelopeSchema = z
  .object({
    ...headerShape,
    targets: z.array(z.unknown()),
    observations: z.record(z.string(), z.unknown()),
    results: z.array(z.unknown()),
    shared: z.array(z.unknown()).optional(),
    summary: summarySchema,
  })
  .strict();

/**
 * The files themselves. Version 1 spells every result out. Version 2 (docs/results.md) writes
 * a result as a row with short keys, its target by position in targets[] (`t`), its message
 * and long evidence as entries of `shared` (numbers), and its fingerprint only when it differs
 * from the one recomputed from the row; observations and evidence may hold `{"$shared": n}`.
 */
export const resultsFileV1Schema = resultsSchema.extend({ schemaVersion: z.literal(1) });

export const resultRowV2Schema = z
  .object({
    /** Position in targets[]: the result's unit, system, target and targetKey are that entry's. */
    t: z.number().int().nonnegative().optional(),
    unit: z.string().optional(),
    system: z.string().optional(),
    target: z.string().optional(),
    targetKey: z.string().optional(),
    /** checkId */
    c: z.string(),
    /** outcome */
    o: z.enum(OUTCOMES),
    /** severity */
    s: z.enum(SEVERITIES),
    /** fingerprint, only when it is not sha256(checkId, unit, system, target, evidence.discriminator) */
    f: z.string().regex(/^[0-9a-f]{24}$/).optional(),
    /** evidence: an object (whose values may be references), or the number of a shared entry */
    e: z.union([z.number().int().nonnegative(), z.record(z.string(), z.unknown())]),
    /** message: the number of a shared entry ({vi, en}) */
    m: z.number().int().nonnegative(),
    confidence: z.enum(['confirmed', 'likely', 'needs-verification']).optional(),
    framework: z.string().optional(),
  })
  .strict();

export const resultsFileV2Schema = z
  .object({
    ...headerShape,
    schemaVersion: z.literal(2),
    targets: z.array(targetEntrySchema),
    observations: z.record(z.string(), z.unknown()),
    results: z.array(resultRowV2Schema),
    /** Values written once: entry n may refer only to entries before it. */
    shared: z.array(z.unknown()),
    summary: summarySchema,
  })
  .strict();

export type TargetEntry = z.infer<typeof targetEntrySchema>;
export type Result = z.infer<typeof resultSchema>;
export type Summary = z.infer<typeof summarySchema>;
export type Results = z.infer<typeof resultsSchema>;
export type SeverityCounts = z.infer<typeof severityCounts>;
export type OutcomeCounts = z.infer<typeof outcomeCounts>;
