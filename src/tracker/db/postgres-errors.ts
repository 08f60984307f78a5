/** PostgreSQL and driver failures as the tracker's clear errors, naming the server without its password. */
import { TrackerStoreError } from '../../errors.js';
import { redactLocation, scrub } from './location.js';
import type { BridgeFailure } from './postgres-protocol.js';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE', 'ENOENT', 'ATTT_CLOSED']);

/** An SQL error the server reported (constraint, trigger …): kept as an Error with its SQLSTATE. */
export class PostgresQueryError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'PostgresQueryError';
  }
}

export function postgresFailure(location: string, f: BridgeFailure, phase: 'connect' | 'query'): Error {
  const where = redactLocation(location);
  const detail = scrub(f.message, location);
  if (f.code === '28P01' || f.code === '28000') {
    return new TrackerStoreError(
      { vi: `PostgreSQL tại ${where} từ chối đăng nhập (${detail}). Hãy kiểm tra tên người dùng và mật khẩu (PGPASSWORD hoặc ~/.pgpass).`, en: `PostgreSQL at ${where} refused the login (${detail}). Check the user name and password (PGPASSWORD or ~/.pgpass).` },
      { code: 'ATTT_TRACKER_AUTH' },
    );
  }
  if (f.code === '3D000') {
    return new TrackerStoreError(
      { vi: `Máy chủ PostgreSQL ${where} không có cơ sở dữ liệu này (${detail}). Hãy tạo nó (createdb) hoặc sửa --db / ATTT_DB.`, en: `The PostgreSQL server ${where} has no such database (${detail}). Create it (createdb) or correct --db / ATTT_DB.` },
      { code: 'ATTT_TRACKER_STORE' },
    );
  }
  if (f.code === '55P03') {
    return new TrackerStoreError(
      { vi: `${where}: một người khác đang ghi quá lâu; hãy thử lại sau.`, en: `${where}: another writer has held the tracker too long; try again later.` },
      { code: 'ATTT_TRACKER_BUSY' },
    );
  }
  if (f.lost || NETWORK_CODES.has(f.code) || /^(08|57P0)/.test(f.code) || (f.code === '' && /timeout|terminated|closed/i.test(f.message))) {
    return new TrackerStoreError(
      phase === 'connect'
        ? { vi: `Không kết nối được tới PostgreSQL tại ${where}: ${detail}. Hãy kiểm tra máy chủ đang chạy và địa chỉ trong --db / ATTT_DB.`, en: `Cannot connect to PostgreSQL at ${where}: ${detail}. Check that the server is running and the address in --db / ATTT_DB.` }
        : { vi: `Mất kết nối tới PostgreSQL tại ${where} giữa chừng (${detail}). Giao dịch đang làm dở không được ghi; hãy chạy lại lệnh khi máy chủ hoạt động.`, en: `Lost the connection to PostgreSQL at ${where} mid-operation (${detail}). The transaction in progress was not committed; run the command again once the server is back.` },
      { code: 'ATTT_TRACKER_UNAVAILABLE' },
    );
  }
  if (phase === 'connect') {
    return new TrackerStoreError({ vi: `Không mở được cơ sở dữ liệu ${where}: ${detail}`, en: `Cannot open database ${where}: ${detail}` }, { code: 'ATTT_TRACKER_OPEN_FAILED' });
  }
  return new PostgresQueryError(f.code, `${where}: ${detail}`);
}
