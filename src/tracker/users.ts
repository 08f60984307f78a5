import { InputError } from '../errors.js';
import { inWriteTransaction, type TrackerDb } from './db/index.js';
import { EventWriter } from './history.js';

/** Web roles (attt serve): admin and officer see every unit; head and staff only their own. */
export const ROLES = ['admin', 'officer', 'head', 'staff'] as const;
export type Role = (typeof ROLES)[number];

export interface UserRecord {
  name: string;
  role: Role;
  /** Unit ids the account may see; empty for admin and officer (they see all). */
  units: string[];
  /** PHC string of the password hash (Argon2id); never leaves the server. */
  passwordHash: string;
  createdAt: string;
  updatedAt: string;
}

const USER_NAME = /^[\p{L}\p{N}._@-]{1,64}$/u;
const UNIT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Whether the role sees every unit (no unit list of its own). */
export function seesAllUnits(role: Role): boolean {
  return role === 'admin' || role === 'officer';
}

function invalid(vi: string, en: string): InputError {
  return new InputError('ATTT_USER_INVALID', { vi, en });
}

/** Validate an account before it is stored: bad name, role or unit → exit 2 naming the value. */
export function validateUser(name: string, role: string, units: string[]): void {
  if (!USER_NAME.test(name)) {
    throw invalid(`Tên tài khoản không hợp lệ: "${name}" (1–64 chữ, số, ". _ @ -").`, `Invalid account name: "${name}" (1–64 letters, digits, ". _ @ -").`);
  }
  if (!isRole(role)) throw invalid(`Vai trò không hợp lệ: "${role}". Chọn: ${ROLES.join(', ')}.`, `Invalid role: "${role}". Choose: ${ROLES.join(', ')}.`);
  const bad = units.find((u) => !UNIT_ID.test(u));
  if (bad !== undefined) throw invalid(`Mã đơn vị không hợp lệ: "${bad}" (chữ thường, số, dấu gạch ngang).`, `Invalid unit id: "${bad}" (lower-case letters, digits, hyphens).`);
  if (!seesAllUnits(role) && units.length === 0) {
    throw invalid(`Vai trò ${role} cần ít nhất một --unit (chỉ xem được đơn vị của mình).`, `Role ${role} needs at least one --unit (it only sees its own units).`);
  }
}

interface UserRow {
  name: string;
  role: Role;
  units: string;
  password_hash: string;
  created_at: string;
  updated_at: string;
}

function toRecord(r: UserRow): UserRecord {
  return { name: r.name, role: r.role, units: JSON.parse(r.units) as string[], passwordHash: r.password_hash, createdAt: r.created_at, updatedAt: r.updated_at };
}

/**
 * Create or replace an account (role, units, password hash). Also a history event (without
 * the hash), so who was given which rights is part of the tamper-evident log.
 */
export function saveUser(db: TrackerDb, user: { name: string; role: Role; units: string[]; passwordHash: string; actor: string; now?: Date }): 'created' | 'updated' {
  validateUser(user.name, user.role, user.units);
  const units = seesAllUnits(user.role) ? [] : [...new Set(user.units)].sort();
  const at = (user.now ?? new Date()).toISOString();
  return inWriteTransaction(db, () => {
    const before = db.prepare('SELECT * FROM users WHERE name = ?').get(user.name) as UserRow | undefined;
    if (before) {
      db.prepare('UPDATE users SET role = ?, units = ?, password_hash = ?, updated_at = ? WHERE name = ?').run(user.role, JSON.stringify(units), user.passwordHash, at, user.name);
    } else {
      db.prepare('INSERT INTO users (name, role, units, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(user.name, user.role, JSON.stringify(units), user.passwordHash, at, at);
    }
    const writer = new EventWriter(db);
    writer.append({
      findingId: null, cycle: null, type: 'account_saved', actor: user.actor, at,
      before: before ? { name: before.name, role: before.role, units: JSON.parse(before.units) as string[] } : null,
      after: { name: user.name, role: user.role, units },
      note: null,
    });
    writer.finish();
    return before ? 'updated' : 'created';
  });
}

export function getUser(db: TrackerDb, name: string): UserRecord | undefined {
  const row = db.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserRow | undefined;
  return row ? toRecord(row) : undefined;
}

export function listUsers(db: TrackerDb): UserRecord[] {
  return (db.prepare('SELECT * FROM users ORDER BY name').all() as UserRow[]).map(toRecord);
}
