import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import { describeError, isToolkitError, ScanTimeoutError, ToolkitError } from '../errors.js';
import { readInputText } from '../files/index.js';
import type { Localized } from '../i18n.js';
import { resolveFromInventory } from '../inventory/index.js';
import type { Inventory, Speed } from '../inventory/index.js';
import { mayProbePort, printerPort, resolveHost, ScopeGuard } from '../inventory/index.js';
import { toolVersion } from '../paths.js';
import { RESULTS_SCHEMA_VERSION, type Family, type Result, type Results, type ResultsHeader, type TargetEntry } from '../results/index.js';
import { addHostObservation, emptyHostSoftware, type HostSoftware } from '../software/index.js';
import { judgeObserved, type ObservedAudit } from './assemble.js';
import { endpointOf } from './dedupe.js';
import { memoryStore, type ObservationStore } from './store.js';
import { FAMILY_LOADERS } from './families.js';
import { ConnectionLimiter, speedProfile } from './limiter.js';
import { auditCheckOptions } from './options.js';
import { connectHostOf, planAudit } from './plan.js';
import { expandRangeTargets, type ExpandOptions } from './ranges.js';
import type { FamilyModule, FamilyOptions, PlannedTarget } from './types.js';

export interface AuditOptions {
  inventory: Inventory;
  /** Only these unit ids (all when empty). */
  units?: string[];
  /** Cycle id, e.g. `2026-Q4`; defaults to the year and quarter of `now`. */
  cycle?: string;
  /** Default polite; see limiter.ts. */
  speed?: Speed;
  /** Per-connection timeout (inventory defaults.timeoutMs, else 3000 ms). */
  timeoutMs?: number;
  /** Hard limit for one target (all its probes), default 10 minutes. */
  targetDeadlineMs?: number;
  /** Abort to stop early: what is done so far is returned with `interrupted: true`. */
  signal?: AbortSignal;
  now?: () => Date;
  /** What checks and families read besides the inventory (answers folder, end-of-life data …). */
  options?: FamilyOptions;
  onProgress?: (event: AuditProgress) => void;
  /**
   * Observations made elsewhere (e.g. read from an nmap report): when this returns one for a
   * target, the engine judges it instead of observing, and sends nothing for that target.
   */
  recorded?: (target: PlannedTarget) => unknown;
  /** Accept address ranges larger than a /16 (up to a /8). */
  allowLarge?: boolean;
  /** Progress of host discovery in address ranges, one event per address probed. */
  onHost?: ExpandOptions['onHost'];
}

export interface AuditProgress {
  done: number;
  total: number;
  /** The target just started or finished. */
  current?: string;
  phase: 'start' | 'finish';
}

export function defaultCycle(now: Date): string {
  return `${now.getFullYear()}-Q${Math.floor(now.getMonth() / 3) + 1}`;
}

/**
 * Run an audit: plan, resolve and scope-check, observe (bounded, isolated), judge, summarise.
 * Never throws for a target's failure: that target gets `error` results and the run goes on.
 * Everything is returned in memory; `attt audit` instead writes results.json as targets are
 * judged (observeAudit, then writeAudit in stream.ts).
 */
export async function runAudit(opts: AuditOptions): Promise<Results> {
  const store = memoryStore();
  try {
    const run = await observeAudit(opts, store);
    const observations: Record<string, unknown> = {};
    const results: Result[] = [];
    const { summary } = await judgeObserved(run, { observation: (key, o) => void (observations[key] = o), result: (r) => void results.push(r) });
    return { schemaVersion: RESULTS_SCHEMA_VERSION, ...run.header, targets: run.targets, observations, results, summary };
  } finally {
    store.close();
  }
}

/** An audit observed and not yet judged: what writeAudit or runAudit turn into results. */
export interface ObservedRun extends ObservedAudit {
  header: ResultsHeader;
}

/**
 * Plan, resolve and scope-check, then observe every target (bounded, isolated), keeping each
 * observation in `store` as it arrives; judging comes after (judgeObserved), once the whole
 * host is known. Memory holds the targets and a small fold per address, not the observations.
 */
export async function observeAudit(opts: AuditOptions, store: ObservationStore): Promise<ObservedRun> {
  const now = opts.now ?? (() => new Date());
  const started = now();
  const scope = new ScopeGuard(opts.inventory.scope.allow);
  const timeoutMsForRanges = opts.timeoutMs ?? opts.inventory.defaults.timeoutMs ?? 3000;
  // Ranges become one host target per live host, after the scope check of each whole range.
  const expansion = await expandRangeTargets(opts.inventory, { scope, allowLarge: opts.allowLarge, units: opts.units, timeoutMs: timeoutMsForRanges, signal: opts.signal, onHost: opts.onHost });
  const inventory = expansion.inventory;
  const plan = planAudit(inventory, opts.units);
  const profile = speedProfile(opts.speed ?? inventory.defaults.speed ?? 'polite', inventory.defaults.concurrency);
  const connections = new ConnectionLimiter(profile);
  const timeoutMs = opts.timeoutMs ?? inventory.defaults.timeoutMs ?? 3000;
  const trustedCAs = inventory.trust.caFiles.map((f) => readInputText(resolveFromInventory(inventory, f), 'certificate'));
  const options = auditCheckOptions(inventory, opts.options);
  const signal = opts.signal ?? new AbortController().signal;
  // Each running target listens for the interrupt; dozens at once is by design.
  setMaxListeners(0, signal);

  const targets: TargetEntry[] = [];
  /** Per address, what its observations say about its software (all families), for checks that weigh the whole host. */
  const hosts = new Map<string, HostSoftware>();
  const failed = new Set<string>();
  const endpoints = new Map<string, string>();
  const families = new Map<Family, FamilyModule>();
  const loadFamily = async (f: Family) => {
    if (!families.has(f)) families.set(f, await FAMILY_LOADERS[f]());
    return families.get(f)!;
  };

  /** Per endpoint key (FamilySpec.endpointKey): the key of the target that observes it for all. */
  const observedOnce = new Map<string, Promise<string>>();
  /**
   * The target's observation, put in the store: recorded (an import), taken from the target that
   * observes the same endpoint, or observed now. A stopped run's observation is incomplete, so
   * no check may pass on it (a probe that never ran proves nothing): it throws instead.
   */
  const observeOnce = async (target: PlannedTarget, family: FamilyModule, address: string, observe: () => Promise<unknown>): Promise<unknown> => {
    const recorded = opts.recorded?.(target);
    const endpoint = recorded === undefined ? family.endpointKey?.(target, address) : undefined;
    const shareKey = endpoint === undefined ? undefined : `${target.family}\u0000${endpoint}`;
    const first = shareKey === undefined ? undefined : observedOnce.get(shareKey);
    if (first) {
      store.alias(target.key, await first);
      return store.get(target.key);
    }
    const observing = (async () => {
      const observation = recorded ?? (await observe());
      if (signal.aborted) throw interruptedError();
      store.put(target.key, observation);
      return observation;
    })();
    if (shareKey !== undefined) {
      const stored = observing.then(() => target.key);
      // The first target reports its own failure; the others get it when they ask.
      stored.catch(() => undefined);
      observedOnce.set(shareKey, stored);
    }
    return observing;
  };

  let done = 0;
  const limit = pLimit(profile.targetsAtOnce);
  const planned = new Set(plan.map((t) => t.key));
  const work: Promise<void>[] = [];
  const schedule = (target: PlannedTarget) => work.push(limit(async () => {
      if (signal.aborted) return;
      opts.onProgress?.({ done, total: plan.length, current: target.label, phase: 'start' });
      const t0 = performance.now();
      const entry: TargetEntry = { key: target.key, unit: target.unit.id, system: target.system.id, family: target.family, target: target.label, status: 'ok', durationMs: 0 };
      const family = await loadFamily(target.family);
      try {
        const address = family.network ? await resolveInScope(target, scope) : undefined;
        if (address === null) {
          entry.status = 'out-of-scope';
          entry.error = { code: 'ATTT_OUT_OF_SCOPE', message: outOfScopeText(target, scope) };
        } else if (target.port !== undefined && !mayProbePort(target.port, target.system)) {
          throw new ToolkitError('ATTT_PRINTER_PORT', printerPortText(target));
        } else {
          if (address) entry.address = address;
          const observation = await observeOnce(target, family, address ?? '', () =>
            withDeadline(
              (deadlineSignal) =>
                family.observe(target, { address: address ?? '', scope, timeoutMs, signal: deadlineSignal, speed: profile, connections, trustedCAs, inventory, options }),
              opts.targetDeadlineMs ?? 600_000,
              signal,
              target,
            ),
          );
          if (signal.aborted) throw interruptedError();
          // Judged once every observation is in: a check may weigh what the same host said elsewhere
          // (the SSH banner's distribution for the web server's version, see software.outdated).
          if (address) hosts.set(address, addHostObservation(hosts.get(address) ?? emptyHostSoftware(), target.family, observation));
          const endpoint = endpointOf({ ...entry, status: 'ok' }, observation);
          if (endpoint) endpoints.set(target.key, endpoint);
          // Endpoints this observation found for another family (SSH ports of a port scan) run next, once each.
          // Not for recorded observations (an import), which must not send anything.
          for (const found of opts.recorded ? [] : family.derive?.(target, observation) ?? []) {
            const key = `${found.unit.id}/${found.system.id}/${found.family}/${found.label}`;
            if (planned.has(key)) continue;
            planned.add(key);
            const item: PlannedTarget = { key, ...found };
            plan.push(item);
            schedule(item);
          }
        }
      } catch (caught) {
        const error = signal.aborted && !(isToolkitError(caught) && caught.code === 'ATTT_PRINTER_PORT') ? interruptedError() : caught;
        const code = isToolkitError(error) ? error.code : 'ATTT_SCAN_FAILED';
        const message: Localized = isToolkitError(error) ? error.text : { vi: `Lỗi khi quét: ${describeError(error)}`, en: `Scan failed: ${describeError(error)}` };
        entry.status = 'error';
        entry.error = { code, message };
        failed.add(target.key);
      }
      entry.durationMs = Math.round(performance.now() - t0);
      targets.push(entry);
      done++;
      opts.onProgress?.({ done, total: plan.length, current: target.label, phase: 'finish' });
    }));
  plan.forEach(schedule);
  // Derived targets are scheduled while earlier ones run, so walk the growing list.
  for (let i = 0; i < work.length; i++) await work[i];

  const interrupted = signal.aborted;
  if (interrupted) {
    // Targets never started are listed so the reader sees what the partial run did not cover.
    const started = new Set(targets.map((t) => t.key));
    for (const target of plan) {
      if (started.has(target.key)) continue;
      targets.push({
        key: target.key, unit: target.unit.id, system: target.system.id, family: target.family, target: target.label, status: 'error', durationMs: 0,
        error: { code: 'ATTT_INTERRUPTED', message: { vi: 'Cuộc kiểm tra bị dừng trước khi tới mục tiêu này.', en: 'The audit was stopped before reaching this target.' } },
      });
    }
  }
  const order = new Map(plan.map((t, i) => [t.key, i]));
  targets.sort((a, b) => order.get(a.key)! - order.get(b.key)!);
  for (const p of expansion.problems) {
    targets.push({
      key: `${p.unit}/${p.system}/ports/${p.range}`, unit: p.unit, system: p.system, family: 'ports', target: p.range, durationMs: 0,
      status: p.kind === 'out-of-scope' ? 'out-of-scope' : 'error',
      error: { code: p.kind === 'out-of-scope' ? 'ATTT_OUT_OF_SCOPE' : 'ATTT_RANGE_TOO_LARGE', message: p.message },
    });
  }
  const finished = now();
  return {
    header: {
      tool: { name: 'attt', version: toolVersion() },
      organization: { name: inventory.organization.name, ...(inventory.organization.code ? { code: inventory.organization.code } : {}), ...(inventory.organization.parent ? { parent: inventory.organization.parent } : {}) },
      cycle: opts.cycle ?? defaultCycle(started),
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      interrupted,
      inventory: {
        file: inventory.sourceFile ?? '',
        frameworks: inventory.frameworks,
        ...(inventory.report ? { report: inventory.report as Record<string, unknown> } : {}),
        units: inventory.units
          .filter((u) => !opts.units?.length || opts.units.includes(u.id))
          .map((u) => ({
            id: u.id,
            name: u.name,
            ...(u.head ? { head: u.head } : {}),
            ...(u.report ? { report: u.report as Record<string, unknown> } : {}),
            ...(u.owner ? { owner: u.owner } : {}),
            systems: u.systems.map((s) => ({ id: s.id, name: s.name, ...(s.level ? { level: s.level } : {}), ...(s.approval ? { approval: s.approval } : {}), questionnaires: s.questionnaires, ...(s.owner ? { owner: s.owner } : {}) })),
          })),
      },
    },
    inventory, options, startedAt: started, targets, planned: new Map(plan.map((t) => [t.key, t])), families, store, hosts, failed, endpoints,
  };
}

/** A target the run stopped in the middle of: `error`, never `ok` (see docs/hardening.md). */
function interruptedError(): ToolkitError {
  return new ToolkitError('ATTT_INTERRUPTED', {
    vi: 'Cuộc kiểm tra bị dừng khi đang kiểm tra mục tiêu này; kết quả quan sát chưa đầy đủ nên không được đánh giá.',
    en: 'The audit was stopped while this target was being checked; its observation is incomplete and was not judged.',
  });
}

function printerPortText(target: PlannedTarget): Localized {
  const range = printerPort(target.port!);
  return {
    vi: `${target.label}: cổng ${target.port} là cổng máy in (${range?.protocol}); attt không gửi gì tới cổng này vì máy in có thể in ra những gì nhận được. Đặt probePrinterPorts: true cho hệ thống "${target.system.id}" trong inventory nếu thực sự muốn kiểm tra.`,
    en: `${target.label}: port ${target.port} is a printer port (${range?.protocol}); attt sends nothing to it because a printer may print whatever it receives. Set probePrinterPorts: true on system "${target.system.id}" in the inventory to check it anyway.`,
  };
}

/** Resolve and scope-check. Returns the address to use, or null when out of scope (nothing sent). */
async function resolveInScope(target: PlannedTarget, scope: ScopeGuard): Promise<string | null> {
  const host = connectHostOf(target);
  if (!host) return null;
  const addresses = await resolveHost(host);
  // Connect only to an in-scope address; a name whose addresses are all outside is not probed at all.
  return addresses.find((a) => scope.allows(a)) ?? null;
}

function outOfScopeText(target: PlannedTarget, scope: ScopeGuard): Localized {
  const host = connectHostOf(target) ?? target.label;
  return {
    vi: `${host} nằm ngoài phạm vi scope.allow (${scope.allow.join(', ')}); không gửi gói tin nào.`,
    en: `${host} is outside scope.allow (${scope.allow.join(', ')}); nothing was sent.`,
  };
}

/** Run `fn` with an AbortSignal that fires on the outer signal or after `ms`; reject with ScanTimeoutError on the deadline. */
async function withDeadline<T>(fn: (signal: AbortSignal) => Promise<T>, ms: number, outer: AbortSignal, target: PlannedTarget): Promise<T> {
  const controller = new AbortController();
  // Every socket of a target listens on this signal; hundreds at once is expected, not a leak.
  setMaxListeners(0, controller.signal);
  const onAbort = () => controller.abort(outer.reason);
  outer.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new ScanTimeoutError({ vi: `${target.label}: quá thời hạn ${Math.round(ms / 1000)} giây cho một mục tiêu.`, en: `${target.label}: exceeded the ${Math.round(ms / 1000)} s limit for one target.` }));
    }, ms);
    timer.unref?.();
  });
  try {
    return await Promise.race([fn(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
    outer.removeEventListener('abort', onAbort);
  }
}
